import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, BatchWriteCommand } from "@aws-sdk/lib-dynamodb";
import { randomUUID } from 'crypto';

const client = new DynamoDBClient({});
const docClient = DynamoDBDocumentClient.from(client);

export const handler = async (event, context) => {
    const tableName = 'serverless_workshop_intro';
    let result = null;
    
    const people = [
        { userid: 'marivera', name: 'Martha Rivera' },
        { userid: 'nikkwolf', name: 'Nikki Wolf' },
        { userid: 'pasantos', name: 'Paulo Santos' }
    ];

    try {
        const writeRequests = people.map(person => ({
            PutRequest: {
                Item: {
                    '_id': randomUUID().replace(/-/g, ''),
                    'Userid': person.userid,
                    'FullName': person.name
                }
            }
        }));

        const command = new BatchWriteCommand({
            RequestItems: {
                [tableName]: writeRequests
            }
        });

        await docClient.send(command);
        
        for (const person of people) {
            console.log(`> batch writing: ${person.userid}`);
        }

        result = `Success. Added ${people.length} people to ${tableName}.`;
    } catch (error) {
        console.error('Error:', error);
        throw error;
    }

    return { message: result };
};
