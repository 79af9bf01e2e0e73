"""--in-memory: the store lives in a directory of its own (on /dev/shm or in TMPDIR), holds
what boto3 writes while the server runs, and is gone once it stops, as is the directory of
Lambda's code (in TMPDIR); directories left by a server killed with SIGKILL are removed by
the next --in-memory start."""
import os
import signal
import unittest

from localcloud_server import LocalCloud


def open_dir(server, predicate):
    """The directory of a file the server holds open whose path satisfies `predicate`."""
    fd_dir = f"/proc/{server.proc.pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            target = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if predicate(target):
            return os.path.dirname(target)
    raise AssertionError("the server holds no such file open")


def store_dir(server):
    return open_dir(server, lambda path: path.endswith("/localcloud.db"))


def code_dir(server):
    """Lambda's code directory, through the lock the server holds in it."""
    return open_dir(server, lambda path: os.path.basename(os.path.dirname(path))
                    .startswith("localcloud-lambda-") and path.endswith("/lock"))


def make_table(server):
    ddb = server.client("dynamodb", region_name="us-east-1")
    ddb.create_table(TableName="things", BillingMode="PAY_PER_REQUEST",
                     KeySchema=[{"AttributeName": "pk", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "pk", "AttributeType": "S"}])
    ddb.put_item(TableName="things", Item={"pk": {"S": "a"}, "v": {"N": "1"}})
    return ddb


class InMemoryStore(unittest.TestCase):
    def start(self):
        server = LocalCloud().start()
        self.addCleanup(server.stop, signal.SIGKILL)
        return server

    def test_the_store_directory_goes_with_the_server(self):
        server = self.start()
        directory, code = store_dir(server), code_dir(server)
        self.assertTrue(os.path.basename(directory).startswith("localcloud-memory-"))
        ddb = make_table(server)
        self.assertEqual(ddb.get_item(TableName="things", Key={"pk": {"S": "a"}})["Item"]["v"],
                         {"N": "1"})
        self.assertEqual(server.stop(), 0)
        self.assertFalse(os.path.exists(directory))
        self.assertFalse(os.path.exists(code))

    def test_a_killed_servers_directory_is_removed_by_the_next_start(self):
        killed = self.start()
        left, code = store_dir(killed), code_dir(killed)
        make_table(killed)
        killed.stop(signal.SIGKILL)
        self.assertTrue(os.path.exists(left))
        self.assertTrue(os.path.exists(code))
        server = self.start()
        self.assertFalse(os.path.exists(left))
        self.assertFalse(os.path.exists(code))
        self.assertNotEqual(store_dir(server), left)
        # Nothing of the killed server's data: a new, empty store.
        ddb = server.client("dynamodb", region_name="us-east-1")
        self.assertEqual(ddb.list_tables()["TableNames"], [])


if __name__ == "__main__":
    unittest.main()
