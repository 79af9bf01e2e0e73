"""CloudWatch Logs through boto3, the AWS CLI and raw HTTP, as AWS behaves.

Expected error texts are AWS's: the ones recorded against real AWS in
LocalStack's validated snapshots (tests/aws/services/logs/*.snapshot.json)
and the ones AWS's clients report in the wild. Timestamps are taken from the
clock, because PutLogEvents rejects events older than 14 days or more than
2 hours ahead.
"""
import json
import shutil
import tempfile
import time
import unittest
import urllib.error
import urllib.request


from localcloud_server import LocalCloud, error_of

ACCOUNT_ARN = "arn:aws:logs:us-east-1:000000000000:log-group:"
GROUP_NOT_FOUND = (400, "ResourceNotFoundException", "The specified log group does not exist.")
STREAM_NOT_FOUND = (400, "ResourceNotFoundException", "The specified log stream does not exist.")
HOUR = 3600 * 1000
DAY = 24 * HOUR


def now_ms():
    return int(time.time() * 1000)



class Boto3Tests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()
        cls.logs = cls.server.client("logs")

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def group(self, name, stream=None):
        self.logs.create_log_group(logGroupName=name)
        if stream:
            self.logs.create_log_stream(logGroupName=name, logStreamName=stream)

    def put(self, group, stream, messages, start=None):
        t = start if start is not None else now_ms()
        events = [{"timestamp": t + i, "message": m} for i, m in enumerate(messages)]
        return self.logs.put_log_events(logGroupName=group, logStreamName=stream,
                                        logEvents=events)

    # --- log groups ----------------------------------------------------------

    # A new group has no retention, no bytes, class STANDARD and both ARN forms.
    def test_create_describe_delete_group(self):
        before = now_ms()
        self.logs.create_log_group(logGroupName="/crud/group")
        groups = self.logs.describe_log_groups(logGroupNamePrefix="/crud/")["logGroups"]
        self.assertEqual(len(groups), 1)
        g = groups[0]
        self.assertEqual(g["logGroupName"], "/crud/group")
        self.assertEqual(g["arn"], ACCOUNT_ARN + "/crud/group:*")
        self.assertEqual(g["logGroupArn"], ACCOUNT_ARN + "/crud/group")
        self.assertEqual((g["storedBytes"], g["metricFilterCount"]), (0, 0))
        self.assertEqual(g["logGroupClass"], "STANDARD")
        self.assertNotIn("retentionInDays", g)
        self.assertGreaterEqual(g["creationTime"], before - 1000)
        self.logs.delete_log_group(logGroupName="/crud/group")
        self.assertEqual(self.logs.describe_log_groups(logGroupNamePrefix="/crud/")["logGroups"],
                         [])

    # CreateLogGroup on an existing name is ResourceAlreadyExistsException.
    def test_create_group_twice(self):
        self.group("/twice")
        self.assertEqual(error_of(self.logs.create_log_group, logGroupName="/twice"),
                         (400, "ResourceAlreadyExistsException",
                          "The specified log group already exists"))

    def test_delete_missing_group(self):
        self.assertEqual(error_of(self.logs.delete_log_group, logGroupName="/missing"),
                         GROUP_NOT_FOUND)

    # Names are checked against the model's pattern with coral's wording.
    def test_invalid_group_names(self):
        self.assertEqual(
            error_of(self.logs.create_log_group, logGroupName="bad:name"),
            (400, "InvalidParameterException",
             "1 validation error detected: Value 'bad:name' at 'logGroupName' failed to satisfy "
             "constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+"))
        self.assertEqual(
            error_of(self.logs.create_log_group, logGroupName="a" * 513),
            (400, "InvalidParameterException",
             "Invalid LogGroup or LogStream, both must have length less than or equal to 512."))

    # Groups come in name order, `limit` at a time, with nextToken between pages.
    def test_describe_log_groups_pages(self):
        for i in (3, 1, 4, 0, 2):
            self.group(f"/page/g{i}")
        first = self.logs.describe_log_groups(logGroupNamePrefix="/page/", limit=2)
        self.assertEqual([g["logGroupName"] for g in first["logGroups"]], ["/page/g0", "/page/g1"])
        second = self.logs.describe_log_groups(logGroupNamePrefix="/page/", limit=2,
                                               nextToken=first["nextToken"])
        self.assertEqual([g["logGroupName"] for g in second["logGroups"]],
                         ["/page/g2", "/page/g3"])
        pages = self.logs.get_paginator("describe_log_groups").paginate(
            logGroupNamePrefix="/page/", PaginationConfig={"PageSize": 2})
        names = [g["logGroupName"] for p in pages for g in p["logGroups"]]
        self.assertEqual(names, [f"/page/g{i}" for i in range(5)])
        self.assertEqual(error_of(self.logs.describe_log_groups, limit=51)[1:],
                         ("InvalidParameterException",
                          "1 validation error detected: Value '51' at 'limit' failed to satisfy "
                          "constraint: Member must have value less than or equal to 50"))
        self.assertEqual(error_of(self.logs.describe_log_groups, nextToken="garbage"),
                         (400, "InvalidParameterException", "The specified nextToken is invalid."))

    # logGroupNamePattern is a case-sensitive substring search; it excludes a prefix.
    def test_describe_log_groups_pattern(self):
        self.group("/search/DataLogs")
        self.group("/search/datalogs")
        found = self.logs.describe_log_groups(logGroupNamePattern="DataLogs")["logGroups"]
        self.assertEqual([g["logGroupName"] for g in found], ["/search/DataLogs"])
        self.assertNotIn("storedBytes", found[0])
        self.assertEqual(
            error_of(self.logs.describe_log_groups, logGroupNamePrefix="/search",
                     logGroupNamePattern="Data"),
            (400, "InvalidParameterException",
             "LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters."))

    # Retention is one of AWS's fixed periods, shown by DescribeLogGroups until deleted.
    def test_retention_policy(self):
        self.group("/retained")
        self.logs.put_retention_policy(logGroupName="/retained", retentionInDays=7)
        g = self.logs.describe_log_groups(logGroupNamePrefix="/retained")["logGroups"][0]
        self.assertEqual(g["retentionInDays"], 7)
        self.logs.delete_retention_policy(logGroupName="/retained")
        g = self.logs.describe_log_groups(logGroupNamePrefix="/retained")["logGroups"][0]
        self.assertNotIn("retentionInDays", g)
        self.assertEqual(
            error_of(self.logs.put_retention_policy, logGroupName="/retained", retentionInDays=2),
            (400, "InvalidParameterException",
             "1 validation error detected: Value '2' at 'retentionInDays' failed to satisfy "
             "constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, 90, 120, "
             "150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]"))
        self.assertEqual(error_of(self.logs.put_retention_policy, logGroupName="/gone",
                                  retentionInDays=7), GROUP_NOT_FOUND)
        self.assertEqual(error_of(self.logs.delete_retention_policy, logGroupName="/gone"),
                         GROUP_NOT_FOUND)

    # --- log streams ---------------------------------------------------------

    # A stream shows no event times and no sequence token until its first event.
    def test_create_describe_delete_stream(self):
        self.group("/streams", "s1")
        s = self.logs.describe_log_streams(logGroupName="/streams")["logStreams"][0]
        self.assertEqual(s["logStreamName"], "s1")
        self.assertEqual(s["arn"], ACCOUNT_ARN + "/streams:log-stream:s1")
        self.assertEqual(s["storedBytes"], 0)
        for absent in ("firstEventTimestamp", "lastEventTimestamp", "lastIngestionTime",
                       "uploadSequenceToken"):
            self.assertNotIn(absent, s)
        t = now_ms()
        self.put("/streams", "s1", ["a", "b"], start=t)
        s = self.logs.describe_log_streams(logGroupName="/streams")["logStreams"][0]
        self.assertEqual((s["firstEventTimestamp"], s["lastEventTimestamp"]), (t, t + 1))
        self.assertGreaterEqual(s["lastIngestionTime"], t - 1000)
        self.assertEqual(len(s["uploadSequenceToken"]), 56)
        self.logs.delete_log_stream(logGroupName="/streams", logStreamName="s1")
        self.assertEqual(self.logs.describe_log_streams(logGroupName="/streams")["logStreams"], [])

    def test_stream_errors(self):
        self.group("/stream-errors", "s")
        self.assertEqual(error_of(self.logs.create_log_stream, logGroupName="/stream-errors",
                                  logStreamName="s"),
                         (400, "ResourceAlreadyExistsException",
                          "The specified log stream already exists"))
        self.assertEqual(error_of(self.logs.create_log_stream, logGroupName="/none",
                                  logStreamName="s"), GROUP_NOT_FOUND)
        self.assertEqual(error_of(self.logs.delete_log_stream, logGroupName="/stream-errors",
                                  logStreamName="nope"), STREAM_NOT_FOUND)
        self.assertEqual(error_of(self.logs.delete_log_stream, logGroupName="/none",
                                  logStreamName="s"), GROUP_NOT_FOUND)
        self.assertEqual(error_of(self.logs.describe_log_streams, logGroupName="/none"),
                         GROUP_NOT_FOUND)
        self.assertEqual(
            error_of(self.logs.create_log_stream, logGroupName="/stream-errors",
                     logStreamName="a:b"),
            (400, "InvalidParameterException",
             "1 validation error detected: Value 'a:b' at 'logStreamName' failed to satisfy "
             "constraint: Member must satisfy regular expression pattern: [^:*]*"))
        self.assertEqual(
            error_of(self.logs.describe_log_streams, logGroupName="/stream-errors",
                     logGroupIdentifier="/stream-errors"),
            (400, "ValidationException",
             "LogGroup name and LogGroup ARN are mutually exclusive parameters."))

    # Streams list by name or by last event time, either way round, in pages.
    def test_describe_log_streams_order_and_pages(self):
        self.group("/order")
        t = now_ms()
        for name, offset in (("c", 2), ("a", 3), ("b", 1)):
            self.logs.create_log_stream(logGroupName="/order", logStreamName=name)
            self.put("/order", name, ["x"], start=t + offset)

        def names(**kw):
            return [s["logStreamName"]
                    for s in self.logs.describe_log_streams(logGroupName="/order",
                                                            **kw)["logStreams"]]
        self.assertEqual(names(), ["a", "b", "c"])
        self.assertEqual(names(descending=True), ["c", "b", "a"])
        self.assertEqual(names(orderBy="LastEventTime"), ["b", "c", "a"])
        self.assertEqual(names(orderBy="LastEventTime", descending=True), ["a", "c", "b"])
        self.assertEqual(names(logStreamNamePrefix="b"), ["b"])
        page = self.logs.describe_log_streams(logGroupName="/order", limit=2)
        self.assertEqual(len(page["logStreams"]), 2)
        rest = self.logs.describe_log_streams(logGroupName="/order", limit=2,
                                              nextToken=page["nextToken"])
        self.assertEqual([s["logStreamName"] for s in rest["logStreams"]], ["c"])
        self.assertNotIn("nextToken", rest)
        by_arn = self.logs.describe_log_streams(logGroupIdentifier=ACCOUNT_ARN + "/order")
        self.assertEqual(len(by_arn["logStreams"]), 3)
        self.assertEqual(
            error_of(self.logs.describe_log_streams, logGroupName="/order",
                     orderBy="LastEventTime", logStreamNamePrefix="a"),
            (400, "InvalidParameterException",
             "Cannot order by LastEventTime with a logStreamNamePrefix."))

    # --- PutLogEvents ----------------------------------------------------------

    # A batch out of time order, too large or spanning a day is refused whole.
    def test_put_log_events_refusals(self):
        self.group("/put", "s")
        t = now_ms()

        def put(events):
            return error_of(self.logs.put_log_events, logGroupName="/put", logStreamName="s",
                            logEvents=events)
        self.assertEqual(put([{"timestamp": t, "message": "b"}, {"timestamp": t - 1, "message": "a"}]),
                         (400, "InvalidParameterException",
                          "Log events in a single PutLogEvents request must be in chronological "
                          "order."))
        self.assertEqual(put([{"timestamp": t, "message": "x" * (1048576 - 25)}]),
                         (400, "InvalidParameterException",
                          "Upload too large: 1048577 bytes exceeds limit of 1048576"))
        self.assertEqual(put([{"timestamp": t - DAY - 1, "message": "a"},
                              {"timestamp": t, "message": "b"}]),
                         (400, "InvalidParameterException",
                          "The batch of log events in a single PutLogEvents request cannot span "
                          "more than 24 hours."))
        self.assertEqual(error_of(self.logs.put_log_events, logGroupName="/put",
                                  logStreamName="nope",
                                  logEvents=[{"timestamp": t, "message": "a"}]), STREAM_NOT_FOUND)
        self.assertEqual(error_of(self.logs.put_log_events, logGroupName="/nope",
                                  logStreamName="s",
                                  logEvents=[{"timestamp": t, "message": "a"}]), GROUP_NOT_FOUND)
        got = self.logs.get_log_events(logGroupName="/put", logStreamName="s")
        self.assertEqual(got["events"], [])

    # Events more than 14 days old or 2 hours ahead are dropped and reported by index.
    def test_put_log_events_rejects_old_and_new(self):
        self.group("/rejects", "s")
        t = now_ms()
        out = self.logs.put_log_events(logGroupName="/rejects", logStreamName="s", logEvents=[
            {"timestamp": t - 15 * DAY, "message": "ancient"},
            {"timestamp": t, "message": "kept"},
            {"timestamp": t + 3 * HOUR, "message": "future"}])
        self.assertEqual(out["rejectedLogEventsInfo"],
                         {"tooOldLogEventEndIndex": 0, "tooNewLogEventStartIndex": 2})
        got = self.logs.get_log_events(logGroupName="/rejects", logStreamName="s")
        self.assertEqual([e["message"] for e in got["events"]], ["kept"])

    # --- GetLogEvents --------------------------------------------------------------

    # Without a token the newest page comes back; tokens walk both ways, and at
    # either end the same token comes back.
    def test_get_log_events_tokens(self):
        self.group("/get", "s")
        t = now_ms()
        self.put("/get", "s", [f"m{i}" for i in range(5)], start=t)
        newest = self.logs.get_log_events(logGroupName="/get", logStreamName="s", limit=2)
        self.assertEqual([e["message"] for e in newest["events"]], ["m3", "m4"])
        self.assertTrue(newest["nextForwardToken"].startswith("f/"))
        self.assertTrue(newest["nextBackwardToken"].startswith("b/"))
        e = newest["events"][0]
        self.assertEqual(e["timestamp"], t + 3)
        self.assertGreaterEqual(e["ingestionTime"], t - 1000)

        end = self.logs.get_log_events(logGroupName="/get", logStreamName="s", limit=2,
                                       nextToken=newest["nextForwardToken"], startFromHead=True)
        self.assertEqual(end["events"], [])
        self.assertEqual(end["nextForwardToken"], newest["nextForwardToken"])

        back = self.logs.get_log_events(logGroupName="/get", logStreamName="s", limit=2,
                                        nextToken=newest["nextBackwardToken"])
        self.assertEqual([e["message"] for e in back["events"]], ["m1", "m2"])

        head = self.logs.get_log_events(logGroupName="/get", logStreamName="s", limit=2,
                                        startFromHead=True)
        self.assertEqual([e["message"] for e in head["events"]], ["m0", "m1"])
        start = self.logs.get_log_events(logGroupName="/get", logStreamName="s",
                                         nextToken=head["nextBackwardToken"])
        self.assertEqual(start["events"], [])
        self.assertEqual(start["nextBackwardToken"], head["nextBackwardToken"])

        # startTime is inclusive, endTime exclusive.
        window = self.logs.get_log_events(logGroupName="/get", logStreamName="s",
                                          startTime=t + 1, endTime=t + 3)
        self.assertEqual([e["message"] for e in window["events"]], ["m1", "m2"])

        # A reader following the forward token sees what is written later.
        self.put("/get", "s", ["m5"], start=t + 10)
        later = self.logs.get_log_events(logGroupName="/get", logStreamName="s",
                                         nextToken=newest["nextForwardToken"])
        self.assertEqual([e["message"] for e in later["events"]], ["m5"])

    def test_get_log_events_errors(self):
        self.group("/get-errors", "s")
        self.assertEqual(error_of(self.logs.get_log_events, logGroupName="/get-errors",
                                  logStreamName="s", nextToken="f/bogus"),
                         (400, "InvalidParameterException", "The specified nextToken is invalid."))
        self.assertEqual(error_of(self.logs.get_log_events, logGroupName="/get-errors",
                                  logStreamName="s", limit=10001),
                         (400, "InvalidParameterException",
                          "1 validation error detected: Value '10001' at 'limit' failed to "
                          "satisfy constraint: Member must have value less than or equal to "
                          "10000"))
        self.assertEqual(error_of(self.logs.get_log_events, logGroupName="/get-errors",
                                  logStreamName="nope"), STREAM_NOT_FOUND)
        self.assertEqual(error_of(self.logs.get_log_events, logGroupName="/nope",
                                  logStreamName="s"), GROUP_NOT_FOUND)

    # --- FilterLogEvents -------------------------------------------------------------

    # Events of every stream interleave by time; the pattern language selects them.
    def test_filter_log_events_patterns(self):
        self.group("/filter", "app-1")
        self.logs.create_log_stream(logGroupName="/filter", logStreamName="app-2")
        self.logs.create_log_stream(logGroupName="/filter", logStreamName="other")
        t = now_ms()
        self.put("/filter", "app-1", ["[ERROR 400] BAD REQUEST", "[INFO] ok"], start=t)
        self.put("/filter", "app-2", ["[ERROR 419] MISSING ARGUMENTS", '{"level":"WARN","ms":900}'],
                 start=t + 10)
        self.put("/filter", "other", ["[ERROR 500] INTERNAL SERVER ERROR"], start=t + 20)

        def messages(**kw):
            out = self.logs.filter_log_events(logGroupName="/filter", **kw)
            self.assertEqual(out["searchedLogStreams"], [])
            return [e["message"] for e in out["events"]]
        self.assertEqual(len(messages()), 5)
        self.assertEqual(messages(filterPattern="ERROR"),
                         ["[ERROR 400] BAD REQUEST", "[ERROR 419] MISSING ARGUMENTS",
                          "[ERROR 500] INTERNAL SERVER ERROR"])
        self.assertEqual(messages(filterPattern="ERROR ARGUMENTS"), ["[ERROR 419] MISSING ARGUMENTS"])
        self.assertEqual(messages(filterPattern="?ARGUMENTS ?REQUEST"),
                         ["[ERROR 400] BAD REQUEST", "[ERROR 419] MISSING ARGUMENTS"])
        self.assertEqual(messages(filterPattern="ERROR -ARGUMENTS -REQUEST"),
                         ["[ERROR 500] INTERNAL SERVER ERROR"])
        self.assertEqual(messages(filterPattern='"INTERNAL SERVER ERROR"'),
                         ["[ERROR 500] INTERNAL SERVER ERROR"])
        self.assertEqual(messages(filterPattern="error"), [])  # case-sensitive
        self.assertEqual(messages(filterPattern="{ $.ms > 500 }"), ['{"level":"WARN","ms":900}'])
        self.assertEqual(messages(filterPattern="%INFO|WARN%"),
                         ["[INFO] ok", '{"level":"WARN","ms":900}'])
        self.assertEqual(messages(logStreamNamePrefix="app-", filterPattern="ERROR"),
                         ["[ERROR 400] BAD REQUEST", "[ERROR 419] MISSING ARGUMENTS"])
        self.assertEqual(messages(logStreamNames=["other", "app-1"], filterPattern="ERROR"),
                         ["[ERROR 400] BAD REQUEST", "[ERROR 500] INTERNAL SERVER ERROR"])
        # startTime and endTime both include their ends.
        self.assertEqual(messages(startTime=t + 1, endTime=t + 10),
                         ["[INFO] ok", "[ERROR 419] MISSING ARGUMENTS"])
        one = self.logs.filter_log_events(logGroupName="/filter", filterPattern="BAD")["events"][0]
        self.assertEqual(one["logStreamName"], "app-1")
        self.assertEqual(one["timestamp"], t)
        self.assertEqual(len(one["eventId"]), 56)
        self.assertIn("ingestionTime", one)

    # nextToken pages through the group until it is left out.
    def test_filter_log_events_pages(self):
        self.group("/filter-pages", "s")
        self.put("/filter-pages", "s", [f"line {i}" for i in range(7)])
        first = self.logs.filter_log_events(logGroupName="/filter-pages", limit=3)
        self.assertEqual(len(first["events"]), 3)
        self.assertIn("nextToken", first)
        pages = self.logs.get_paginator("filter_log_events").paginate(
            logGroupName="/filter-pages", PaginationConfig={"PageSize": 3})
        self.assertEqual([e["message"] for p in pages for e in p["events"]],
                         [f"line {i}" for i in range(7)])

    def test_filter_log_events_errors(self):
        self.group("/filter-errors", "s")
        self.assertEqual(error_of(self.logs.filter_log_events, logGroupName="/filter-errors",
                                  filterPattern="a,b"),
                         (400, "InvalidParameterException", "Invalid filter pattern"))
        self.assertEqual(error_of(self.logs.filter_log_events, logGroupName="/filter-errors",
                                  nextToken="nope"),
                         (400, "InvalidParameterException", "The specified nextToken is invalid."))
        self.assertEqual(error_of(self.logs.filter_log_events, logGroupName="/filter-errors",
                                  limit=10001)[1],
                         "InvalidParameterException")
        self.assertEqual(error_of(self.logs.filter_log_events, logGroupName="/nope"),
                         GROUP_NOT_FOUND)
        self.assertEqual(error_of(self.logs.filter_log_events, logGroupName="/filter-errors",
                                  logStreamNames=["s"], logStreamNamePrefix="s")[:2],
                         (400, "InvalidParameterException"))

    # --- the wire ------------------------------------------------------------------

    # JSON 1.1: errors name their type without a namespace.
    def test_raw_error_body(self):
        req = urllib.request.Request(
            self.server.endpoint + "/", method="POST",
            data=json.dumps({"logGroupName": "/raw-missing"}).encode(),
            headers={"X-Amz-Target": "Logs_20140328.DeleteLogGroup",
                     "Content-Type": "application/x-amz-json-1.1"})
        with self.assertRaises(urllib.error.HTTPError) as ctx:
            urllib.request.urlopen(req)
        self.assertEqual(ctx.exception.code, 400)
        self.assertEqual(ctx.exception.headers["Content-Type"], "application/x-amz-json-1.1")
        self.assertEqual(json.loads(ctx.exception.read()),
                         {"__type": "ResourceNotFoundException",
                          "message": "The specified log group does not exist."})


class CliTests(unittest.TestCase):
    """Every operation as a user types it with the AWS CLI."""

    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def run_json(self, *args):
        out = self.server.aws("logs", *args)[1]
        return json.loads(out) if out.strip() else {}

    def cli_error(self, *args):
        code, _, err = self.server.aws("logs", *args, check=False)
        self.assertEqual(code, 255, err)
        return err.strip()

    # The life of a group through the CLI, every operation once.
    def test_every_operation(self):
        g = "/aws/lambda/cli-fn"
        self.run_json("create-log-group", "--log-group-name", g)
        self.run_json("put-retention-policy", "--log-group-name", g, "--retention-in-days", "14")
        groups = self.run_json("describe-log-groups", "--log-group-name-prefix", "/aws/lambda/")
        self.assertEqual(groups["logGroups"][0]["retentionInDays"], 14)
        self.run_json("delete-retention-policy", "--log-group-name", g)
        self.run_json("create-log-stream", "--log-group-name", g, "--log-stream-name",
                      "2024/01/01/[$LATEST]abc")
        t = now_ms()
        events = json.dumps([{"timestamp": t, "message": "START RequestId: 1"},
                             {"timestamp": t + 1, "message": "hello ERROR world"},
                             {"timestamp": t + 2, "message": "END RequestId: 1"}])
        put = self.run_json("put-log-events", "--log-group-name", g, "--log-stream-name",
                            "2024/01/01/[$LATEST]abc", "--log-events", events)
        self.assertIn("nextSequenceToken", put)
        streams = self.run_json("describe-log-streams", "--log-group-name", g,
                                "--order-by", "LastEventTime", "--descending")
        self.assertEqual(streams["logStreams"][0]["lastEventTimestamp"], t + 2)
        got = self.run_json("get-log-events", "--log-group-name", g, "--log-stream-name",
                            "2024/01/01/[$LATEST]abc", "--start-from-head")
        self.assertEqual([e["message"] for e in got["events"]],
                         ["START RequestId: 1", "hello ERROR world", "END RequestId: 1"])
        found = self.run_json("filter-log-events", "--log-group-name", g, "--filter-pattern",
                              "ERROR")
        self.assertEqual([e["message"] for e in found["events"]], ["hello ERROR world"])
        self.assertEqual(found["events"][0]["logStreamName"], "2024/01/01/[$LATEST]abc")
        self.run_json("delete-log-stream", "--log-group-name", g, "--log-stream-name",
                      "2024/01/01/[$LATEST]abc")
        self.run_json("delete-log-group", "--log-group-name", g)
        self.assertEqual(self.run_json("describe-log-groups", "--log-group-name-prefix",
                                       "/aws/lambda/cli")["logGroups"], [])

    # The CLI shows AWS's code and message for each refusal.
    def test_errors_reach_the_cli(self):
        self.run_json("create-log-group", "--log-group-name", "/cli-errors")
        self.run_json("create-log-stream", "--log-group-name", "/cli-errors",
                      "--log-stream-name", "s")
        cases = [
            (("create-log-group", "--log-group-name", "/cli-errors"),
             "An error occurred (ResourceAlreadyExistsException) when calling the CreateLogGroup "
             "operation: The specified log group already exists"),
            (("create-log-stream", "--log-group-name", "/cli-errors", "--log-stream-name", "s"),
             "An error occurred (ResourceAlreadyExistsException) when calling the "
             "CreateLogStream operation: The specified log stream already exists"),
            (("delete-log-group", "--log-group-name", "/cli-none"),
             "An error occurred (ResourceNotFoundException) when calling the DeleteLogGroup "
             "operation: The specified log group does not exist."),
            (("delete-log-stream", "--log-group-name", "/cli-errors", "--log-stream-name", "x"),
             "An error occurred (ResourceNotFoundException) when calling the DeleteLogStream "
             "operation: The specified log stream does not exist."),
            (("describe-log-streams", "--log-group-name", "/cli-none"),
             "An error occurred (ResourceNotFoundException) when calling the DescribeLogStreams "
             "operation: The specified log group does not exist."),
            (("get-log-events", "--log-group-name", "/cli-errors", "--log-stream-name", "x"),
             "An error occurred (ResourceNotFoundException) when calling the GetLogEvents "
             "operation: The specified log stream does not exist."),
            (("filter-log-events", "--log-group-name", "/cli-none"),
             "An error occurred (ResourceNotFoundException) when calling the FilterLogEvents "
             "operation: The specified log group does not exist."),
            (("put-retention-policy", "--log-group-name", "/cli-errors",
              "--retention-in-days", "2"),
             "An error occurred (InvalidParameterException) when calling the PutRetentionPolicy "
             "operation: 1 validation error detected: Value '2' at 'retentionInDays' failed to "
             "satisfy constraint: Member must satisfy enum value set: [1, 3, 5, 7, 14, 30, 60, "
             "90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653]"),
            (("delete-retention-policy", "--log-group-name", "/cli-none"),
             "An error occurred (ResourceNotFoundException) when calling the "
             "DeleteRetentionPolicy operation: The specified log group does not exist."),
            (("describe-log-groups", "--log-group-name-prefix", "/a",
              "--log-group-name-pattern", "b"),
             "An error occurred (InvalidParameterException) when calling the DescribeLogGroups "
             "operation: LogGroup name prefix and LogGroup name pattern are mutually exclusive "
             "parameters."),
        ]
        for args, expected in cases:
            self.assertIn(expected, self.cli_error(*args), args)
        t = now_ms()
        unordered = json.dumps([{"timestamp": t, "message": "b"},
                                {"timestamp": t - 5, "message": "a"}])
        self.assertIn("An error occurred (InvalidParameterException) when calling the "
                      "PutLogEvents operation: Log events in a single PutLogEvents request must "
                      "be in chronological order.",
                      self.cli_error("put-log-events", "--log-group-name", "/cli-errors",
                                     "--log-stream-name", "s", "--log-events", unordered))


class RestartTests(unittest.TestCase):
    # Groups, streams and events are in SQLite and survive a restart.
    def test_logs_survive_restart(self):
        data = tempfile.mkdtemp(prefix="localcloud-logs-e2e-")
        try:
            server = LocalCloud(data_dir=data).start()
            logs = server.client("logs")
            logs.create_log_group(logGroupName="/durable")
            logs.put_retention_policy(logGroupName="/durable", retentionInDays=30)
            logs.create_log_stream(logGroupName="/durable", logStreamName="s")
            t = now_ms()
            logs.put_log_events(logGroupName="/durable", logStreamName="s",
                                logEvents=[{"timestamp": t, "message": "kept"}])
            server.stop()
            server = LocalCloud(data_dir=data).start()
            logs = server.client("logs")
            g = logs.describe_log_groups(logGroupNamePrefix="/durable")["logGroups"][0]
            self.assertEqual(g["retentionInDays"], 30)
            self.assertEqual(g["storedBytes"], 4)
            got = logs.get_log_events(logGroupName="/durable", logStreamName="s")
            self.assertEqual([(e["timestamp"], e["message"]) for e in got["events"]],
                             [(t, "kept")])
            server.stop()
        finally:
            shutil.rmtree(data, ignore_errors=True)


if __name__ == "__main__":
    unittest.main()
