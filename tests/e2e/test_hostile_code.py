"""Deployment packages that try to write outside their code directory.

AWS refuses a package it cannot unzip with 400 InvalidParameterValueException
"Could not unzip uploaded file. Please check your file, then try to upload again."
localcloud refuses every package with an entry that would land outside the function's
code directory (absolute names, ".." components, symlinks whose target leaves the
package, entries stored below such a symlink) the same way: the function is not
created, an existing function keeps its code, and nothing is written outside.
"""
import io
import os
import tempfile
import unittest
import uuid
import zipfile

from localcloud_server import ROLE, LocalCloud, error_of

COULD_NOT_UNZIP = (400, "InvalidParameterValueException",
                   "Could not unzip uploaded file. Please check your file, then try to upload "
                   "again.")
HANDLER = ("index.py", b"def handler(event, context):\n    return 'ok'\n")


def package(*entries):
    """entries: (name, data) for files, (name, target, "symlink") for symlinks."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        for entry in entries:
            info = zipfile.ZipInfo(entry[0])
            info.create_system = 3  # Unix, so the mode below counts
            if len(entry) == 3:
                info.external_attr = (0o120777 << 16)
            else:
                info.external_attr = (0o100644 << 16)
            z.writestr(info, entry[1])
    return buf.getvalue()


class HostileCodeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.data = tempfile.TemporaryDirectory()
        cls.server = LocalCloud(data_dir=cls.data.name).start()
        cls.lam = cls.server.client("lambda")
        cls.lam.create_function(FunctionName="victim", Runtime="python3.12", Role=ROLE,
                                Handler="index.handler", Code={"ZipFile": package(HANDLER)})
        cls.victim_sha = cls.lam.get_function(FunctionName="victim")["Configuration"]["CodeSha256"]

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.data.cleanup()

    def assert_refused(self, zip_bytes, outside):
        name = "fn-" + uuid.uuid4().hex[:8]
        self.assertEqual(error_of(self.lam.create_function, FunctionName=name,
                                  Runtime="python3.12", Role=ROLE, Handler="index.handler",
                                  Code={"ZipFile": zip_bytes}), COULD_NOT_UNZIP)
        self.assertEqual(error_of(self.lam.get_function, FunctionName=name)[1],
                         "ResourceNotFoundException")
        self.assertEqual(error_of(self.lam.update_function_code, FunctionName="victim",
                                  ZipFile=zip_bytes), COULD_NOT_UNZIP)
        self.assertEqual(self.lam.get_function(FunctionName="victim")["Configuration"]
                         ["CodeSha256"], self.victim_sha)
        for path in outside:
            self.assertFalse(os.path.lexists(path), path)
        self.assertEqual(self.lam.invoke(FunctionName="victim")["StatusCode"], 200)

    def test_absolute_name(self):
        target = os.path.join(tempfile.gettempdir(), "localcloud-escape-" + uuid.uuid4().hex)
        self.assert_refused(package(HANDLER, (target, b"pwned")), [target])

    def test_dot_dot_names(self):
        marker = "escape-" + uuid.uuid4().hex
        for name in (f"../{marker}", f"../../{marker}", f"lib/../../{marker}",
                     f"./../{marker}"):
            self.assert_refused(package(HANDLER, (name, b"pwned")),
                                [os.path.join(self.data.name, marker),
                                 os.path.join(self.data.name, "lambda", marker)])

    def test_symlink_pointing_outside(self):
        for target in ("/etc/passwd", "../../..", "a/../../../outside", "/"):
            self.assert_refused(package(HANDLER, ("link", target, "symlink")), [])

    def test_file_below_a_symlink_to_outside(self):
        outside = tempfile.mkdtemp()
        self.addCleanup(os.rmdir, outside)
        self.assert_refused(package(HANDLER, ("dir", outside, "symlink"),
                                    ("dir/planted.txt", b"pwned")),
                            [os.path.join(outside, "planted.txt")])

    # A symlink that stays inside the package is fine, as with AWS.
    def test_symlink_inside_the_package_is_kept(self):
        self.lam.create_function(FunctionName="linked", Runtime="python3.12", Role=ROLE,
                                 Handler="index.handler",
                                 Code={"ZipFile": package(("real.py", HANDLER[1]),
                                                          ("index.py", "real.py", "symlink"))})
        self.assertEqual(self.lam.invoke(FunctionName="linked")["Payload"].read(), b'"ok"')


if __name__ == "__main__":
    unittest.main()
