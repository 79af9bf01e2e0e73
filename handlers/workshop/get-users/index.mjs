import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, ScanCommand } from "@aws-sdk/lib-dynamodb";

const client = new DynamoDBClient({});
const docClient = DynamoDBDocumentClient.from(client);

export const handler = async (event, context) => {
    try {
        const command = new ScanCommand({
            TableName: 'serverless_workshop_intro'
        });
        
        const response = await docClient.send(command);
        return response.Items;
        
    } catch (error) {
        console.error('Error:', error);
        throw error;
    }
};
