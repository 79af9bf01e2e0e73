"""Each Lambda execution environment has a /tmp of its own, as on AWS: EphemeralStorage.Size
MB (512 unless set), empty when the environment starts, kept across the invocations it
serves, unseen by other environments and by the host, and gone with the environment.
Whatever the environment needs from the host's /tmp (here the function's code, under a data
directory in /tmp) stays where it was. The code itself is read-only, as /var/task is.

This needs a mount namespace; the test asks the system for one itself (util-linux's
`unshare`) and is skipped only where that is refused too, as in an unprivileged container,
where localcloud says in its log that environments share the host's /tmp."""
import json
import os
import shutil
import tempfile
import threading
import unittest
import uuid

from localcloud_server import LocalCloud, ROLE, make_zip, namespaces_permitted

HANDLER = r"""
import os
import tempfile
import time
import uuid

ENVIRONMENT = uuid.uuid4().hex  # which execution environment answered

def handler(event, context):
    path = os.path.join("/tmp", event["name"])
    if event.get("write") is not None:
        with open(path, "w") as f:
            f.write(event["write"])
    time.sleep(event.get("hold", 0))
    try:
        with open(path) as f:
            found = f.read()
    except FileNotFoundError:
        found = None
    try:
        with open(os.path.join(os.environ["LAMBDA_TASK_ROOT"], "written"), "w") as f:
            f.write("into the code")
        code_write = "written"
    except OSError as e:
        code_write = e.strerror
    st = os.statvfs("/tmp")
    with open(f"/proc/{os.getpid()}/cmdline", "rb") as f:
        own_cmdline = f.read().split(b"\0")[0].decode()
    return {"found": found, "size_mb": st.f_blocks * st.f_frsize // (1 << 20),
            "environment": ENVIRONMENT, "tempdir": tempfile.gettempdir(),
            "task_root": os.environ["LAMBDA_TASK_ROOT"], "code_write": code_write,
            "pid": os.getpid(), "proc_self": os.readlink("/proc/self"),
            "own_cmdline": own_cmdline}
"""


class PrivateTmp(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The data directory, and with it the functions' code, under the host's /tmp.
        cls.data_dir = tempfile.mkdtemp(prefix="localcloud-tmp-test-", dir="/tmp")
        cls.server = LocalCloud(data_dir=cls.data_dir).start()
        cls.lam = cls.server.client("lambda", read_timeout=60)
        cls.name = "localcloud-tmp-test-" + uuid.uuid4().hex  # the file each handler writes

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        shutil.rmtree(cls.data_dir, ignore_errors=True)

    def setUp(self):
        if not namespaces_permitted():
            self.skipTest("this system refuses mount namespaces")

    def create(self, function, **extra):
        self.lam.create_function(FunctionName=function, Runtime="python3.11", Role=ROLE,
                                 Handler="index.handler",
                                 Code={"ZipFile": make_zip({"index.py": HANDLER})}, **extra)

    def invoke(self, function, **event):
        r = self.lam.invoke(FunctionName=function, Payload=json.dumps(dict(name=self.name,
                                                                           **event)))
        self.assertNotIn("FunctionError", r)
        return json.loads(r["Payload"].read())

    def test_an_environment_keeps_its_own_tmp(self):
        self.create("own-tmp")
        first = self.invoke("own-tmp", write="first environment")
        self.assertEqual(first["found"], "first environment")
        self.assertEqual(first["size_mb"], 512)
        self.assertEqual(first["tempdir"], "/tmp")
        self.assertTrue(first["task_root"].startswith(self.data_dir + "/"), first["task_root"])
        # Only /tmp is writable: the code is read-only, as in /var/task.
        self.assertEqual(first["code_write"], "Read-only file system")
        # PIDs of its own: the runtime is the second process of its namespace, and /proc is
        # the namespace's (with the host's, /proc/self would name another PID, and
        # /proc/2 would be a kernel thread).
        self.assertEqual(first["pid"], 2)
        self.assertEqual(first["proc_self"], "2")
        self.assertIn("python", os.path.basename(first["own_cmdline"]))
        self.assertFalse(os.path.exists(os.path.join(first["task_root"], "written")))
        self.assertFalse(os.path.exists(os.path.join("/tmp", self.name)),
                         "the handler's file reached the host's /tmp")
        self.assertNotIn("share the host's /tmp", self.server.stderr())

        # The same warm environment: the file is still there.
        again = self.invoke("own-tmp")
        self.assertEqual(again["environment"], first["environment"])
        self.assertEqual(again["found"], "first environment")

        # While that one is busy, another environment starts, with an empty /tmp. (The
        # held invocation may itself be the one that lands in the new environment.)
        held, failed = {}, []

        def hold():
            try:
                held.update(self.invoke("own-tmp", hold=2))
            except Exception as e:  # reported below, in the test's own thread
                failed.append(e)
        busy = threading.Thread(target=hold)
        busy.start()
        seen = []
        try:
            for _ in range(50):
                seen.append(self.invoke("own-tmp"))
                if seen[-1]["environment"] != first["environment"] or held:
                    break
        finally:
            busy.join()
        if failed:
            raise failed[0]
        seen.append(held)
        others = [r for r in seen if r["environment"] != first["environment"]]
        self.assertTrue(others, "no second environment started")
        for r in seen:
            self.assertEqual(r["found"], None if r in others else "first environment", r)
        self.assertFalse(os.path.exists(os.path.join("/tmp", self.name)))

    def test_the_size_is_the_functions_ephemeral_storage(self):
        self.create("big-tmp", EphemeralStorage={"Size": 2048})
        self.assertEqual(self.invoke("big-tmp")["size_mb"], 2048)
        # A new size retires the environments; the next one has the new size.
        self.lam.update_function_configuration(FunctionName="big-tmp",
                                               EphemeralStorage={"Size": 1024})
        self.lam.get_waiter("function_updated_v2").wait(FunctionName="big-tmp")
        self.assertEqual(self.invoke("big-tmp")["size_mb"], 1024)


if __name__ == "__main__":
    unittest.main()
