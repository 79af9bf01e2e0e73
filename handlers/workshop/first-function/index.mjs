export const handler = async (event, context) => {
    // Mock line item for an Order
    const lineItem = {
        sku: 1234242,
        color: 'blue',
        quantity: 42,
        in_stock: true
    };
    
    return {
        statusCode: 200,
        body: JSON.stringify(lineItem)
    };
};
