"""DynamoDB Streams through boto3 and the AWS CLI: stream specifications on
tables, the records every write leaves, and the Streams API, as AWS behaves."""
import json
import time
import unittest

from localcloud_server import LocalCloud, error_of

KEY = [{"AttributeName": "pk", "KeyType": "HASH"}]
DEFS = [{"AttributeName": "pk", "AttributeType": "S"}]
ARN_RE = r"^arn:aws:dynamodb:us-east-1:000000000000:table/%s/stream/\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$"


class StreamTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud("--ttl-interval", "0.2").start()
        cls.ddb = cls.server.client("dynamodb")
        cls.streams = cls.server.client("dynamodbstreams")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def create(self, name, view=None, **extra):
        args = dict(TableName=name, AttributeDefinitions=DEFS, KeySchema=KEY,
                    BillingMode="PAY_PER_REQUEST")
        if view:
            args["StreamSpecification"] = {"StreamEnabled": True, "StreamViewType": view}
        args.update(extra)
        return self.ddb.create_table(**args)["TableDescription"]

    def iterator(self, arn, kind="TRIM_HORIZON", **extra):
        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        return self.streams.get_shard_iterator(StreamArn=arn, ShardId=shard["ShardId"],
                                               ShardIteratorType=kind, **extra)["ShardIterator"]

    def records(self, arn, **extra):
        return self.streams.get_records(ShardIterator=self.iterator(arn), **extra)["Records"]

    def write_history(self, table):
        """INSERT, MODIFY, an unchanged overwrite (no record), REMOVE, a delete of nothing."""
        self.ddb.put_item(TableName=table, Item={"pk": {"S": "Fred"}})
        self.ddb.update_item(TableName=table, Key={"pk": {"S": "Fred"}},
                             UpdateExpression="SET #n = :n", ExpressionAttributeNames={"#n": "name"},
                             ExpressionAttributeValues={":n": {"S": "Fred"}})
        self.ddb.put_item(TableName=table, Item={"pk": {"S": "Fred"}, "name": {"S": "Fred"}})
        self.ddb.delete_item(TableName=table, Key={"pk": {"S": "Fred"}})
        self.ddb.delete_item(TableName=table, Key={"pk": {"S": "Fred"}})

    # CreateTable with a stream reports StreamSpecification, LatestStreamArn and
    # LatestStreamLabel (an ISO time with milliseconds), in DescribeTable too.
    def test_create_table_with_stream(self):
        out = self.create("created", "NEW_AND_OLD_IMAGES")
        self.assertEqual(out["StreamSpecification"],
                         {"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"})
        self.assertRegex(out["LatestStreamArn"], ARN_RE % "created")
        self.assertTrue(out["LatestStreamArn"].endswith("/stream/" + out["LatestStreamLabel"]))
        table = self.ddb.describe_table(TableName="created")["Table"]
        self.assertEqual(table["LatestStreamArn"], out["LatestStreamArn"])
        self.assertEqual(table["StreamSpecification"], out["StreamSpecification"])
        # A table without a stream has none of these fields.
        plain = self.create("plain-table")
        for field in ("StreamSpecification", "LatestStreamArn", "LatestStreamLabel"):
            self.assertNotIn(field, plain)
        plain = self.create("plain-false", StreamSpecification={"StreamEnabled": False})
        self.assertNotIn("StreamSpecification", plain)

    # CreateTable's StreamSpecification rules, with AWS's messages; nothing is created.
    def test_create_table_stream_validation(self):
        cases = [
            ({"StreamEnabled": True},
             "One or more parameter values were invalid: Table is being created with a stream "
             "enabled, UpdateViewType is required"),
            ({"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"},
             "One or more parameter values were invalid: Table is being created with a stream "
             "disabled, UpdateViewType should not be specified"),
        ]
        for spec, message in cases:
            self.assertEqual(error_of(self.create, "bad-spec", StreamSpecification=spec),
                             (400, "ValidationException", message))
        self.assertEqual(error_of(self.ddb.describe_table, TableName="bad-spec")[1],
                         "ResourceNotFoundException")
        # The CLI skips client-side validation, so the enum check is the server's.
        code, _, err = self.server.aws(
            "dynamodb", "create-table", "--table-name", "bad-spec", "--billing-mode",
            "PAY_PER_REQUEST", "--attribute-definitions", "AttributeName=pk,AttributeType=S",
            "--key-schema", "AttributeName=pk,KeyType=HASH", "--stream-specification",
            "StreamEnabled=true,StreamViewType=new_image", check=False)
        self.assertNotEqual(code, 0)
        self.assertIn("1 validation error detected: Value 'new_image' at "
                      "'streamSpecification.streamViewType' failed to satisfy constraint: Member "
                      "must satisfy enum value set: [OLD_IMAGE, KEYS_ONLY, NEW_AND_OLD_IMAGES, "
                      "NEW_IMAGE]", err)

    # UpdateTable enables and disables streams. Disabling drops StreamSpecification
    # but keeps LatestStreamArn; the old stream stays readable as DISABLED;
    # re-enabling makes a new stream. Re-sends and view-type changes are refused.
    def test_update_table_enable_disable(self):
        self.create("toggle")
        self.assertEqual(
            error_of(self.ddb.update_table, TableName="toggle",
                     StreamSpecification={"StreamEnabled": False}),
            (400, "ValidationException", "Table has no stream to disable: TableName: toggle"))
        self.assertEqual(
            error_of(self.ddb.update_table, TableName="toggle",
                     StreamSpecification={"StreamEnabled": True}),
            (400, "ValidationException", "One or more parameter values were invalid: If stream "
             "is being enabled then UpdateViewType is required"))
        first = self.ddb.update_table(
            TableName="toggle",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_IMAGE"})["TableDescription"]
        arn = first["LatestStreamArn"]
        self.assertRegex(arn, ARN_RE % "toggle")
        for view in ("NEW_IMAGE", "OLD_IMAGE"):
            self.assertEqual(
                error_of(self.ddb.update_table, TableName="toggle",
                         StreamSpecification={"StreamEnabled": True, "StreamViewType": view}),
                (400, "ValidationException", "Table already has an enabled stream: TableName: toggle"))
        self.assertEqual(
            error_of(self.ddb.update_table, TableName="toggle",
                     StreamSpecification={"StreamEnabled": False, "StreamViewType": "NEW_IMAGE"}),
            (400, "ValidationException", "One or more parameter values were invalid: If stream "
             "is being disabled, then UpdateViewType must not be specified"))
        self.ddb.put_item(TableName="toggle", Item={"pk": {"S": "before"}})
        off = self.ddb.update_table(TableName="toggle",
                                    StreamSpecification={"StreamEnabled": False})["TableDescription"]
        self.assertNotIn("StreamSpecification", off)
        self.assertEqual(off["LatestStreamArn"], arn)
        self.ddb.put_item(TableName="toggle", Item={"pk": {"S": "while-off"}})
        old = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(old["StreamStatus"], "DISABLED")
        self.assertIn("EndingSequenceNumber", old["Shards"][0]["SequenceNumberRange"])
        self.assertEqual([r["dynamodb"]["Keys"]["pk"]["S"] for r in self.records(arn)], ["before"])
        again = self.ddb.update_table(
            TableName="toggle",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"})["TableDescription"]
        self.assertNotEqual(again["LatestStreamArn"], arn)
        listed = self.streams.list_streams(TableName="toggle")["Streams"]
        self.assertEqual(sorted(s["StreamArn"] for s in listed), sorted([arn, again["LatestStreamArn"]]))
        self.assertEqual(self.records(again["LatestStreamArn"]), [])

    # Changing stream status together with provisioned throughput is refused.
    def test_update_table_stream_with_throughput(self):
        self.create("iops", BillingMode="PROVISIONED",
                    ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1})
        self.assertEqual(
            error_of(self.ddb.update_table, TableName="iops",
                     ProvisionedThroughput={"ReadCapacityUnits": 2, "WriteCapacityUnits": 2},
                     StreamSpecification={"StreamEnabled": True, "StreamViewType": "KEYS_ONLY"}),
            (400, "ValidationException", "One or more parameter values were invalid: You cannot "
             "modify stream status while updating table IOPS"))
        self.assertNotIn("StreamSpecification", self.ddb.describe_table(TableName="iops")["Table"])

    # Each view type puts Keys and the images it names in the record; SizeBytes
    # counts exactly what is there. A write that changes nothing leaves no record.
    def test_view_types(self):
        expected_images = {
            "KEYS_ONLY": [set(), set(), set()],
            "NEW_IMAGE": [{"NewImage"}, {"NewImage"}, set()],
            "OLD_IMAGE": [set(), {"OldImage"}, {"OldImage"}],
            "NEW_AND_OLD_IMAGES": [{"NewImage"}, {"NewImage", "OldImage"}, {"OldImage"}],
        }
        # Sizes: key "pk"+"Fred" = 6; the item with name "Fred" = 14.
        sizes = {"KEYS_ONLY": [6, 6, 6], "NEW_IMAGE": [12, 20, 6], "OLD_IMAGE": [6, 12, 20],
                 "NEW_AND_OLD_IMAGES": [12, 26, 20]}
        for view, images in expected_images.items():
            name = "view-" + view.lower().replace("_", "-")
            arn = self.create(name, view)["LatestStreamArn"]
            self.write_history(name)
            records = self.records(arn)
            self.assertEqual([r["eventName"] for r in records], ["INSERT", "MODIFY", "REMOVE"], view)
            for record, wanted, size in zip(records, images, sizes[view]):
                self.assertEqual(record["eventSource"], "aws:dynamodb")
                self.assertEqual(record["eventVersion"], "1.1")
                self.assertEqual(record["awsRegion"], "us-east-1")
                self.assertRegex(record["eventID"], r"^[0-9a-f]{32}$")
                d = record["dynamodb"]
                self.assertEqual(d["Keys"], {"pk": {"S": "Fred"}})
                self.assertEqual(d["StreamViewType"], view)
                self.assertEqual({k for k in d if k.endswith("Image")}, wanted, view)
                self.assertEqual(d["SizeBytes"], size, (view, record["eventName"]))
                self.assertRegex(d["SequenceNumber"], r"^\d{21,}$")
                self.assertNotIn("userIdentity", record)
            if view == "NEW_AND_OLD_IMAGES":
                self.assertEqual(records[1]["dynamodb"]["OldImage"], {"pk": {"S": "Fred"}})
                self.assertEqual(records[1]["dynamodb"]["NewImage"],
                                 {"pk": {"S": "Fred"}, "name": {"S": "Fred"}})
            seqs = [int(r["dynamodb"]["SequenceNumber"]) for r in records]
            self.assertEqual(seqs, sorted(set(seqs)))

    # ApproximateCreationDateTime is the change's time, in epoch seconds.
    def test_approximate_creation_time(self):
        arn = self.create("clock", "KEYS_ONLY")["LatestStreamArn"]
        before = time.time()
        self.ddb.put_item(TableName="clock", Item={"pk": {"S": "x"}})
        after = time.time()
        when = self.records(arn)[0]["dynamodb"]["ApproximateCreationDateTime"]
        self.assertLessEqual(int(before) - 1, when.timestamp())
        self.assertLessEqual(when.timestamp(), after + 1)

    # BatchWriteItem leaves one record per change, in order; binary and numbers
    # come back as written.
    def test_batch_write_and_encoding(self):
        arn = self.create("batch", "NEW_AND_OLD_IMAGES")["LatestStreamArn"]
        self.ddb.put_item(TableName="batch", Item={"pk": {"S": "Fred"}})
        self.ddb.batch_write_item(RequestItems={"batch": [
            {"PutRequest": {"Item": {"pk": {"S": "NewKey"}, "data": {"B": b"\x90"},
                                     "n": {"N": "1.50"}}}},
            {"PutRequest": {"Item": {"pk": {"S": "Fred"}, "name": {"S": "Fred"}}}}]})
        self.ddb.batch_write_item(RequestItems={"batch": [
            {"DeleteRequest": {"Key": {"pk": {"S": "NewKey"}}}},
            {"DeleteRequest": {"Key": {"pk": {"S": "missing"}}}}]})
        records = self.records(arn)
        self.assertEqual([(r["eventName"], r["dynamodb"]["Keys"]["pk"]["S"]) for r in records],
                         [("INSERT", "Fred"), ("INSERT", "NewKey"), ("MODIFY", "Fred"),
                          ("REMOVE", "NewKey")])
        image = records[1]["dynamodb"]["NewImage"]
        self.assertEqual(image["data"], {"B": b"\x90"})
        self.assertEqual(image["n"], {"N": "1.5"})

    # ListStreams: all streams or one table's, paged by LastEvaluatedStreamArn.
    def test_list_streams(self):
        arns = {self.create("list-%d" % i, "KEYS_ONLY")["LatestStreamArn"] for i in range(3)}
        seen, start = [], {}
        while True:
            page = self.streams.list_streams(Limit=1, **start)
            self.assertLessEqual(len(page["Streams"]), 1)
            seen += [s["StreamArn"] for s in page["Streams"]]
            if "LastEvaluatedStreamArn" not in page:
                break
            start = {"ExclusiveStartStreamArn": page["LastEvaluatedStreamArn"]}
        self.assertTrue(arns <= set(seen))
        self.assertEqual(len(seen), len(set(seen)))
        one = self.streams.list_streams(TableName="list-1")["Streams"]
        self.assertEqual(len(one), 1)
        self.assertEqual(one[0]["TableName"], "list-1")
        self.assertEqual("/stream/" + one[0]["StreamLabel"], one[0]["StreamArn"][-31:])
        self.create("list-none")
        self.assertEqual(self.streams.list_streams(TableName="list-none")["Streams"], [])
        self.assertEqual(error_of(self.streams.list_streams, TableName="no-such-table"),
                         (400, "ResourceNotFoundException",
                          "Requested resource not found: Table: no-such-table not found"))
        self.assertEqual(error_of(self.streams.list_streams, Limit=101)[:2],
                         (400, "ValidationException"))

    # DescribeStream: one shard with a decimal StartingSequenceNumber and no end
    # while the stream is enabled; an unknown ARN is ResourceNotFoundException.
    def test_describe_stream(self):
        arn = self.create("described", "NEW_IMAGE")["LatestStreamArn"]
        d = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(d["StreamArn"], arn)
        self.assertEqual(d["StreamStatus"], "ENABLED")
        self.assertEqual(d["StreamViewType"], "NEW_IMAGE")
        self.assertEqual(d["TableName"], "described")
        self.assertEqual(d["KeySchema"], KEY)
        self.assertIn("CreationRequestDateTime", d)
        self.assertEqual(len(d["Shards"]), 1)
        shard = d["Shards"][0]
        self.assertRegex(shard["ShardId"], r"^shardId-\d{20}-[0-9a-f]{8}$")
        self.assertTrue(shard["SequenceNumberRange"]["StartingSequenceNumber"].isdecimal())
        self.assertNotIn("EndingSequenceNumber", shard["SequenceNumberRange"])
        after = self.streams.describe_stream(StreamArn=arn, ExclusiveStartShardId=shard["ShardId"])
        self.assertEqual(after["StreamDescription"]["Shards"], [])
        missing = arn[:-3] + "000" if not arn.endswith("000") else arn[:-3] + "001"
        self.assertEqual(error_of(self.streams.describe_stream, StreamArn=missing),
                         (400, "ResourceNotFoundException",
                          "Requested resource not found: Stream: %s not found" % missing))
        self.assertEqual(
            error_of(self.streams.describe_stream,
                     StreamArn="sdfadfsdfnlfkajakfgjalksfgklasjklasdjfklasdfasdfgasf")[:2],
            (400, "ValidationException"))

    # The four iterator types, and their rules.
    def test_shard_iterators(self):
        arn = self.create("iterators", "KEYS_ONLY")["LatestStreamArn"]
        for pk in ("a", "b", "c"):
            self.ddb.put_item(TableName="iterators", Item={"pk": {"S": pk}})
        all_records = self.records(arn)
        seqs = [r["dynamodb"]["SequenceNumber"] for r in all_records]
        keys = lambda recs: [r["dynamodb"]["Keys"]["pk"]["S"] for r in recs]
        at = self.iterator(arn, "AT_SEQUENCE_NUMBER", SequenceNumber=seqs[1])
        self.assertEqual(keys(self.streams.get_records(ShardIterator=at)["Records"]), ["b", "c"])
        after = self.iterator(arn, "AFTER_SEQUENCE_NUMBER", SequenceNumber=seqs[1])
        self.assertEqual(keys(self.streams.get_records(ShardIterator=after)["Records"]), ["c"])
        latest = self.iterator(arn, "LATEST")
        out = self.streams.get_records(ShardIterator=latest)
        self.assertEqual(out["Records"], [])
        self.ddb.put_item(TableName="iterators", Item={"pk": {"S": "d"}})
        out = self.streams.get_records(ShardIterator=out["NextShardIterator"])
        self.assertEqual(keys(out["Records"]), ["d"])
        # Limit pages through the shard with NextShardIterator.
        it, paged = self.iterator(arn), []
        for _ in range(5):
            out = self.streams.get_records(ShardIterator=it, Limit=1)
            paged += keys(out["Records"])
            it = out["NextShardIterator"]
        self.assertEqual(paged, ["a", "b", "c", "d"])

        shard = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]["ShardId"]
        get = self.streams.get_shard_iterator
        self.assertEqual(error_of(get, StreamArn=arn, ShardId=shard,
                                  ShardIteratorType="AT_SEQUENCE_NUMBER")[:2],
                         (400, "ValidationException"))
        self.assertEqual(error_of(get, StreamArn=arn, ShardId=shard, ShardIteratorType="LATEST",
                                  SequenceNumber=seqs[0])[:2], (400, "ValidationException"))
        self.assertEqual(error_of(get, StreamArn=arn, ShardId="shardId-00000000000000000000-00000000",
                                  ShardIteratorType="LATEST"),
                         (400, "ResourceNotFoundException",
                          "Requested resource not found: Shard does not exist"))
        self.assertEqual(error_of(get, StreamArn=arn, ShardId=shard, ShardIteratorType="bulle")[:2],
                         (400, "ValidationException"))
        self.assertEqual(error_of(get, StreamArn=arn, ShardId=shard,
                                  ShardIteratorType="AT_SEQUENCE_NUMBER",
                                  SequenceNumber="sdfsafglldfngjdafnasdflgnaldklkafdsgklnasdlv")[:2],
                         (400, "ValidationException"))
        self.assertEqual(error_of(self.streams.get_records,
                                  ShardIterator="sdfsdfsgagaddafgagasgasgasdfasdfasdfasdfasdgasdasdgasdg")[:2],
                         (400, "ValidationException"))
        self.assertEqual(error_of(self.streams.get_records, ShardIterator=it, Limit=1001)[:2],
                         (400, "ValidationException"))

    # Iterators expire after 15 minutes.
    def test_expired_iterator(self):
        arn = self.create("expiry", "KEYS_ONLY")["LatestStreamArn"]
        it = self.iterator(arn)
        parts = it.split("|")
        parts[-1] = str(int(parts[-1]) - 16 * 60 * 1000)
        status, code, message = error_of(self.streams.get_records, ShardIterator="|".join(parts))
        self.assertEqual((status, code), (400, "ExpiredIteratorException"))
        self.assertTrue(message.startswith("Iterator expired."))

    # A deleted table's stream stays listed and readable as DISABLED; its shard
    # is closed, so reading to its end gives no NextShardIterator.
    def test_deleted_table_keeps_stream(self):
        arn = self.create("doomed", "NEW_IMAGE")["LatestStreamArn"]
        self.ddb.put_item(TableName="doomed", Item={"pk": {"S": "x"}})
        self.ddb.delete_table(TableName="doomed")
        d = self.streams.describe_stream(StreamArn=arn)["StreamDescription"]
        self.assertEqual(d["StreamStatus"], "DISABLED")
        out = self.streams.get_records(ShardIterator=self.iterator(arn))
        self.assertEqual(len(out["Records"]), 1)
        self.assertNotIn("NextShardIterator", out)
        self.assertIn(arn, [s["StreamArn"] for s in self.streams.list_streams()["Streams"]])
        # A new table of the same name gets a new stream.
        again = self.create("doomed", "NEW_IMAGE")["LatestStreamArn"]
        self.assertNotEqual(again, arn)
        self.assertEqual(self.records(again), [])

    # A failed conditional write leaves no record.
    def test_failed_write_leaves_no_record(self):
        arn = self.create("conditional", "KEYS_ONLY")["LatestStreamArn"]
        self.ddb.put_item(TableName="conditional", Item={"pk": {"S": "x"}})
        error_of(self.ddb.put_item, TableName="conditional", Item={"pk": {"S": "x"}, "v": {"N": "1"}},
                 ConditionExpression="attribute_not_exists(pk)")
        self.assertEqual(len(self.records(arn)), 1)

    # An item deleted by Time to Live leaves a REMOVE record whose userIdentity
    # names DynamoDB itself; a client's deletion has none.
    def test_ttl_deletion_record(self):
        arn = self.create("expiring", "OLD_IMAGE")["LatestStreamArn"]
        self.ddb.update_time_to_live(TableName="expiring", TimeToLiveSpecification={
            "Enabled": True, "AttributeName": "expires"})
        past = str(int(time.time()) - 60)
        self.ddb.put_item(TableName="expiring", Item={"pk": {"S": "old"}, "expires": {"N": past}})
        self.ddb.put_item(TableName="expiring", Item={"pk": {"S": "mine"}})
        self.ddb.delete_item(TableName="expiring", Key={"pk": {"S": "mine"}})
        deadline = time.time() + 10
        while time.time() < deadline:
            removes = [r for r in self.records(arn) if r["eventName"] == "REMOVE"]
            if len(removes) == 2:
                break
            time.sleep(0.1)
        by_key = {r["dynamodb"]["Keys"]["pk"]["S"]: r for r in removes}
        self.assertEqual(by_key["old"]["userIdentity"],
                         {"Type": "Service", "PrincipalId": "dynamodb.amazonaws.com"})
        self.assertEqual(by_key["old"]["dynamodb"]["OldImage"]["expires"], {"N": past})
        self.assertNotIn("userIdentity", by_key["mine"])

    # The AWS CLI's `aws dynamodbstreams` reaches the same endpoint.
    def test_cli(self):
        arn = self.create("cli-stream", "NEW_AND_OLD_IMAGES")["LatestStreamArn"]
        self.ddb.put_item(TableName="cli-stream", Item={"pk": {"S": "x"}})
        _, out, _ = self.server.aws("dynamodbstreams", "list-streams", "--table-name", "cli-stream")
        self.assertEqual(json.loads(out)["Streams"][0]["StreamArn"], arn)
        _, out, _ = self.server.aws("dynamodbstreams", "describe-stream", "--stream-arn", arn)
        shard = json.loads(out)["StreamDescription"]["Shards"][0]["ShardId"]
        _, out, _ = self.server.aws("dynamodbstreams", "get-shard-iterator", "--stream-arn", arn,
                                    "--shard-id", shard, "--shard-iterator-type", "TRIM_HORIZON")
        it = json.loads(out)["ShardIterator"]
        _, out, _ = self.server.aws("dynamodbstreams", "get-records", "--shard-iterator", it)
        records = json.loads(out)["Records"]
        self.assertEqual(records[0]["eventName"], "INSERT")
        self.assertEqual(records[0]["dynamodb"]["NewImage"], {"pk": {"S": "x"}})


if __name__ == "__main__":
    unittest.main()
