// The workshop's DynamoDB calls through the AWS SDK for JavaScript v3, as
// its handlers make them: a DocumentClient over `new DynamoDBClient({})`
// with the endpoint, region and credentials taken from the environment.
// Prints one JSON line with what it saw.
const { randomUUID } = require("crypto");
const { DynamoDBClient, CreateTableCommand } = require("@aws-sdk/client-dynamodb");
const { DynamoDBDocumentClient, BatchWriteCommand, ScanCommand, GetCommand, PutCommand, UpdateCommand } =
  require("@aws-sdk/lib-dynamodb");

async function main() {
  const client = new DynamoDBClient({});
  const docClient = DynamoDBDocumentClient.from(client);
  const tableName = "serverless_workshop_intro";
  await client.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: "_id", AttributeType: "S" }],
    KeySchema: [{ AttributeName: "_id", KeyType: "HASH" }],
    BillingMode: "PAY_PER_REQUEST",
  }));
  const people = [
    { userid: "marivera", name: "Martha Rivera" },
    { userid: "nikkwolf", name: "Nikki Wolf" },
    { userid: "pasantos", name: "Paulo Santos" },
  ];
  await docClient.send(new BatchWriteCommand({
    RequestItems: {
      [tableName]: people.map((p) => ({
        PutRequest: { Item: { _id: randomUUID().replace(/-/g, ""), Userid: p.userid, FullName: p.name } },
      })),
    },
  }));
  await docClient.send(new PutCommand({ TableName: tableName, Item: { _id: "1", n: 1, nested: { list: [1, "two", true] } } }));
  const updated = await docClient.send(new UpdateCommand({
    TableName: tableName, Key: { _id: "1" }, UpdateExpression: "SET n = n + :one",
    ExpressionAttributeValues: { ":one": 1 }, ReturnValues: "ALL_NEW",
  }));
  const got = await docClient.send(new GetCommand({ TableName: tableName, Key: { _id: "1" } }));
  const scan = await docClient.send(new ScanCommand({ TableName: tableName }));
  console.log(JSON.stringify({ items: scan.Items, count: scan.Count, got: got.Item, updated: updated.Attributes }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
