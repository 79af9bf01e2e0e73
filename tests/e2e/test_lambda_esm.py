"""Lambda event source mappings for DynamoDB streams, end to end: the mapping
API through boto3 and the AWS CLI, and a real Node.js handler that receives
the stream's batches and writes what it got into another table.

Shapes come from shared/golden/localstack/lambda_/event_source_mapping/
test_lambda_integration_dynamodbstreams.snapshot.json (real AWS).
"""
import json
import time
import unittest

from localcloud_server import ROLE, LocalCloud, error_of, make_zip

UUID_RE = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$"

# Writes every record it receives into the "sink" table, one item per record,
# in the order received. While the item {pk: "control"} says fail, it counts
# the attempt and throws, so the batch is retried.
SINK_HANDLER = """
import { DynamoDBClient, PutItemCommand, GetItemCommand, UpdateItemCommand } from "@aws-sdk/client-dynamodb";
const db = new DynamoDBClient({});
let received = 0;
export const handler = async (event, context) => {
  const control = await db.send(new GetItemCommand({ TableName: "sink", Key: { pk: { S: "control" } } }));
  if (control.Item && control.Item.fail && control.Item.fail.BOOL) {
    await db.send(new UpdateItemCommand({ TableName: "sink", Key: { pk: { S: "control" } },
      UpdateExpression: "ADD attempts :one", ExpressionAttributeValues: { ":one": { N: "1" } } }));
    throw new Error("failing on purpose");
  }
  for (const record of event.Records) {
    received++;
    await db.send(new PutItemCommand({ TableName: "sink", Item: {
      pk: { S: record.eventID },
      order: { N: String(received) },
      size: { N: String(event.Records.length) },
      fn: { S: context.functionName },
      record: { S: JSON.stringify(record) } } }));
  }
  return { ok: true };
};
"""




class EventSourceMappingTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.lam = cls.server.client("lambda", read_timeout=60)
        cls.ddb = cls.server.client("dynamodb")
        cls.ddb.create_table(TableName="sink", BillingMode="PAY_PER_REQUEST",
                             AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}],
                             KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}])
        cls.lam.create_function(FunctionName="sink-writer", Runtime="nodejs20.x", Role=ROLE,
                                Handler="index.handler", Timeout=30,
                                Code={"ZipFile": make_zip({"index.mjs": SINK_HANDLER})})

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def setUp(self):
        # Each test reads the sink from scratch.
        for item in self.ddb.scan(TableName="sink")["Items"]:
            self.ddb.delete_item(TableName="sink", Key={"pk": item["pk"]})

    def source_table(self, name, view="NEW_AND_OLD_IMAGES"):
        out = self.ddb.create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST",
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            StreamSpecification={"StreamEnabled": True, "StreamViewType": view})
        return out["TableDescription"]["LatestStreamArn"]

    def delivered(self, count, timeout=30):
        """The records the handler stored, in arrival order, once there are `count`."""
        deadline = time.time() + timeout
        while True:
            items = [i for i in self.ddb.scan(TableName="sink")["Items"] if "order" in i]
            if len(items) >= count or time.time() > deadline:
                break
            time.sleep(0.2)
        items.sort(key=lambda i: int(i["order"]["N"]))
        return [dict(json.loads(i["record"]["S"]), _batch=int(i["size"]["N"])) for i in items]

    def wait_state(self, uuid, state, timeout=10):
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.lam.get_event_source_mapping(UUID=uuid)
            if m["State"] == state:
                return m
            time.sleep(0.1)
        self.fail("mapping %s never became %s" % (uuid, state))

    def mapping(self, arn, **extra):
        args = dict(FunctionName="sink-writer", EventSourceArn=arn, StartingPosition="TRIM_HORIZON")
        args.update(extra)
        out = self.lam.create_event_source_mapping(**args)
        self.addCleanup(self.delete_quietly, out["UUID"])
        return out

    def delete_quietly(self, uuid):
        try:
            self.lam.delete_event_source_mapping(UUID=uuid)
        except self.lam.exceptions.ResourceNotFoundException:
            pass

    # CreateEventSourceMapping answers 202 with AWS's defaults and State
    # Creating; the mapping then becomes Enabled.
    def test_create_get_list_delete(self):
        arn = self.source_table("esm-crud")
        out = self.mapping(arn)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertRegex(out["UUID"], UUID_RE)
        expected = {
            "BatchSize": 100, "BisectBatchOnFunctionError": False,
            "DestinationConfig": {"OnFailure": {}}, "EventSourceArn": arn,
            "EventSourceMappingArn":
                "arn:aws:lambda:us-east-1:000000000000:event-source-mapping:" + out["UUID"],
            "FunctionArn": "arn:aws:lambda:us-east-1:000000000000:function:sink-writer",
            "FunctionResponseTypes": [], "LastProcessingResult": "No records processed",
            "MaximumBatchingWindowInSeconds": 0, "MaximumRecordAgeInSeconds": -1,
            "MaximumRetryAttempts": -1, "ParallelizationFactor": 1,
            "StartingPosition": "TRIM_HORIZON", "State": "Creating",
            "StateTransitionReason": "User action", "TumblingWindowInSeconds": 0,
        }
        for key, value in expected.items():
            self.assertEqual(out[key], value, key)
        self.assertIn("LastModified", out)
        self.wait_state(out["UUID"], "Enabled")
        listed = self.lam.list_event_source_mappings(EventSourceArn=arn)["EventSourceMappings"]
        self.assertEqual([m["UUID"] for m in listed], [out["UUID"]])
        by_function = self.lam.list_event_source_mappings(FunctionName="sink-writer")
        self.assertIn(out["UUID"], [m["UUID"] for m in by_function["EventSourceMappings"]])
        gone = self.lam.delete_event_source_mapping(UUID=out["UUID"])
        self.assertEqual(gone["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(gone["State"], "Deleting")
        status, code, message = error_of(self.lam.get_event_source_mapping, UUID=out["UUID"])
        self.assertEqual((status, code), (404, "ResourceNotFoundException"))
        self.assertEqual(message, "The resource you requested does not exist.")

    # One mapping per stream and function: a second is a conflict naming the first.
    def test_duplicate_mapping(self):
        arn = self.source_table("esm-dup")
        first = self.mapping(arn)
        self.assertEqual(
            error_of(self.lam.create_event_source_mapping, FunctionName="sink-writer",
                     EventSourceArn=arn, StartingPosition="TRIM_HORIZON"),
            (409, "ResourceConflictException",
             "The event source arn (\" %s \") and function (\" sink-writer \") provided mapping "
             "already exists. Please update or delete the existing mapping with UUID %s"
             % (arn, first["UUID"])))

    # Bad input gets AWS's errors and creates nothing.
    def test_create_errors(self):
        arn = self.source_table("esm-errors")
        missing = arn.rsplit("/", 1)[0] + "/2000-01-01T00:00:00.000"
        self.assertEqual(
            error_of(self.lam.create_event_source_mapping, FunctionName="sink-writer",
                     EventSourceArn=missing, StartingPosition="LATEST"),
            (400, "InvalidParameterValueException", "Stream not found: " + missing))
        status, code, message = error_of(
            self.lam.create_event_source_mapping, FunctionName="no-such-function",
            EventSourceArn=arn, StartingPosition="LATEST")
        self.assertEqual((status, code), (404, "ResourceNotFoundException"))
        self.assertEqual(message, "Function not found: "
                         "arn:aws:lambda:us-east-1:000000000000:function:no-such-function")
        for pattern in ["single-string", '[{"eventName": ["INSERT"=123}]', '{"eventName": "INSERT"}']:
            self.assertEqual(
                error_of(self.lam.create_event_source_mapping, FunctionName="sink-writer",
                         EventSourceArn=arn, StartingPosition="LATEST",
                         FilterCriteria={"Filters": [{"Pattern": pattern}]}),
                (400, "InvalidParameterValueException", "Invalid filter pattern definition."))
        self.assertEqual(
            error_of(self.lam.create_event_source_mapping, FunctionName="sink-writer",
                     EventSourceArn=arn)[:2],
            (400, "InvalidParameterValueException"))
        code, _, err = self.server.aws(
            "lambda", "create-event-source-mapping", "--function-name", "sink-writer",
            "--event-source-arn", arn, "--starting-position", "LATEST", "--batch-size", "10001",
            check=False)
        self.assertNotEqual(code, 0)
        self.assertIn("Value '10001' at 'batchSize' failed to satisfy constraint: Member must "
                      "have value less than or equal to 10000", err)
        self.assertEqual(
            self.lam.list_event_source_mappings(EventSourceArn=arn)["EventSourceMappings"], [])
        self.assertEqual(error_of(self.lam.delete_event_source_mapping,
                                  UUID="00000000-0000-0000-0000-000000000000")[:2],
                         (404, "ResourceNotFoundException"))

    # Stream → Lambda: the function gets {"Records": [...]} as AWS builds it
    # (each record with eventSourceARN), every change in order.
    def test_records_reach_the_function_in_order(self):
        arn = self.source_table("esm-flow")
        self.ddb.put_item(TableName="esm-flow", Item={"id": {"S": "a"}, "v": {"N": "1"}})
        self.mapping(arn, BatchSize=2)
        self.ddb.update_item(TableName="esm-flow", Key={"id": {"S": "a"}},
                             UpdateExpression="SET v = :v", ExpressionAttributeValues={":v": {"N": "2"}})
        self.ddb.put_item(TableName="esm-flow", Item={"id": {"S": "b"}, "bin": {"B": b"foobar"}})
        self.ddb.delete_item(TableName="esm-flow", Key={"id": {"S": "a"}})
        records = self.delivered(4)
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]["id"]["S"]) for r in records],
                         [("INSERT", "a"), ("MODIFY", "a"), ("INSERT", "b"), ("REMOVE", "a")])
        first = records[0]
        self.assertEqual(list(first)[:7], ["eventID", "eventName", "eventVersion", "eventSource",
                                           "awsRegion", "dynamodb", "eventSourceARN"])
        self.assertEqual(first["eventSourceARN"], arn)
        self.assertEqual(first["eventVersion"], "1.1")
        self.assertEqual(first["dynamodb"]["NewImage"], {"id": {"S": "a"}, "v": {"N": "1"}})
        self.assertEqual(records[1]["dynamodb"]["OldImage"], {"id": {"S": "a"}, "v": {"N": "1"}})
        self.assertEqual(records[2]["dynamodb"]["NewImage"]["bin"], {"B": "Zm9vYmFy"})
        self.assertTrue(all(r["_batch"] <= 2 for r in records))
        seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
        self.assertEqual(seqs, sorted(seqs))

    # A failing function blocks the shard: the batch is retried, later records
    # wait, and once the function succeeds everything arrives in order.
    def test_failing_function_blocks_then_succeeds(self):
        arn = self.source_table("esm-retry", "KEYS_ONLY")
        self.ddb.put_item(TableName="sink", Item={"pk": {"S": "control"}, "fail": {"BOOL": True}})
        self.mapping(arn, BatchSize=1)
        self.ddb.put_item(TableName="esm-retry", Item={"id": {"S": "first"}})
        self.ddb.put_item(TableName="esm-retry", Item={"id": {"S": "second"}})
        deadline = time.time() + 30
        attempts = 0
        while time.time() < deadline and attempts < 2:
            control = self.ddb.get_item(TableName="sink", Key={"pk": {"S": "control"}})["Item"]
            attempts = int(control.get("attempts", {"N": "0"})["N"])
            time.sleep(0.2)
        self.assertGreaterEqual(attempts, 2, "the failing batch was not retried")
        self.assertEqual(self.delivered(0, timeout=0), [])
        self.ddb.put_item(TableName="sink", Item={"pk": {"S": "control"}, "fail": {"BOOL": False}})
        records = self.delivered(2)
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in records], ["first", "second"])

    # With MaximumRetryAttempts, a batch that keeps failing is given up on and
    # the records after it are delivered.
    def test_retry_limit_discards_the_batch(self):
        arn = self.source_table("esm-limit", "KEYS_ONLY")
        self.ddb.put_item(TableName="sink", Item={"pk": {"S": "control"}, "fail": {"BOOL": True}})
        out = self.mapping(arn, BatchSize=1, MaximumRetryAttempts=1)
        self.ddb.put_item(TableName="esm-limit", Item={"id": {"S": "doomed"}})
        deadline = time.time() + 30
        while time.time() < deadline:
            m = self.lam.get_event_source_mapping(UUID=out["UUID"])
            if m["LastProcessingResult"] != "No records processed":
                break
            time.sleep(0.2)
        self.assertEqual(m["LastProcessingResult"], "PROBLEM: Function call failed")
        control = self.ddb.get_item(TableName="sink", Key={"pk": {"S": "control"}})["Item"]
        self.assertEqual(control["attempts"]["N"], "2")
        self.ddb.put_item(TableName="sink", Item={"pk": {"S": "control"}, "fail": {"BOOL": False}})
        self.ddb.put_item(TableName="esm-limit", Item={"id": {"S": "after"}})
        records = self.delivered(1)
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in records], ["after"])

    # FilterCriteria: records no filter matches are dropped, never delivered.
    def test_filter_criteria(self):
        arn = self.source_table("esm-filter")
        pattern = {"eventName": ["INSERT"],
                   "dynamodb": {"NewImage": {"status": {"S": [{"prefix": "act"}]}}}}
        out = self.mapping(arn, FilterCriteria={"Filters": [{"Pattern": json.dumps(pattern)}]})
        self.assertEqual(json.loads(out["FilterCriteria"]["Filters"][0]["Pattern"]), pattern)
        self.ddb.put_item(TableName="esm-filter", Item={"id": {"S": "1"}, "status": {"S": "inactive"}})
        self.ddb.put_item(TableName="esm-filter", Item={"id": {"S": "2"}, "status": {"S": "active"}})
        self.ddb.put_item(TableName="esm-filter", Item={"id": {"S": "2"}, "status": {"S": "actual"}})
        self.ddb.put_item(TableName="esm-filter", Item={"id": {"S": "3"}, "status": {"S": "activated"}})
        records = self.delivered(2)
        time.sleep(1)
        records = self.delivered(2, timeout=0)
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in records], ["2", "3"])

    # UpdateEventSourceMapping: Enabled=false answers Disabling, then the
    # mapping is Disabled and delivers nothing; enabling again resumes.
    def test_disable_and_enable(self):
        arn = self.source_table("esm-toggle", "KEYS_ONLY")
        uuid = self.mapping(arn)["UUID"]
        self.wait_state(uuid, "Enabled")
        out = self.lam.update_event_source_mapping(UUID=uuid, Enabled=False)
        self.assertEqual(out["ResponseMetadata"]["HTTPStatusCode"], 202)
        self.assertEqual(out["State"], "Disabling")
        self.wait_state(uuid, "Disabled")
        self.ddb.put_item(TableName="esm-toggle", Item={"id": {"S": "while-off"}})
        time.sleep(1)
        self.assertEqual(self.delivered(0, timeout=0), [])
        out = self.lam.update_event_source_mapping(UUID=uuid, Enabled=True, BatchSize=5)
        self.assertEqual((out["State"], out["BatchSize"]), ("Enabling", 5))
        records = self.delivered(1)
        self.assertEqual([r["dynamodb"]["Keys"]["id"]["S"] for r in records], ["while-off"])
        self.wait_state(uuid, "Enabled")

    # The CLI drives the same API.
    def test_cli(self):
        arn = self.source_table("esm-cli", "KEYS_ONLY")
        _, out, _ = self.server.aws("lambda", "create-event-source-mapping", "--function-name",
                                    "sink-writer", "--event-source-arn", arn,
                                    "--starting-position", "LATEST", "--batch-size", "10")
        created = json.loads(out)
        self.addCleanup(self.delete_quietly, created["UUID"])
        self.assertEqual((created["State"], created["BatchSize"]), ("Creating", 10))
        _, out, _ = self.server.aws("lambda", "list-event-source-mappings",
                                    "--event-source-arn", arn)
        self.assertEqual(json.loads(out)["EventSourceMappings"][0]["UUID"], created["UUID"])
        _, out, _ = self.server.aws("lambda", "delete-event-source-mapping", "--uuid",
                                    created["UUID"])
        self.assertEqual(json.loads(out)["State"], "Deleting")


if __name__ == "__main__":
    unittest.main()
