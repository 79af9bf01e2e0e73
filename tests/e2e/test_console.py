"""The web console's files as the binary serves them at /_console/ (the pages
themselves are tested in a browser: console/test/browser/).

Checked: each embedded file with its Content-Type, an ETag that revalidates to
304, gzip for clients that accept it, HEAD, no way out of the asset list
(raw "..", encoded "%2e%2e"), writes refused, the bare prefix redirected, and
/_console/ winning over the default API even with a stage named "_console",
while that API's other stages still answer on the bare address.
"""
import gzip
import http.client
import json
import unittest

from localcloud_server import LocalCloud


class ConsoleServingTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.server = LocalCloud().start()

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()

    def request(self, method, target, headers=None):
        """(status, headers, body) with the target sent exactly as given."""
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=30)
        try:
            conn.request(method, target, headers=headers or {})
            r = conn.getresponse()
            return r.status, r.headers, r.read()
        finally:
            conn.close()

    def test_the_console_page_and_its_files(self):
        status, headers, body = self.request("GET", "/_console/")
        self.assertEqual(status, 200, body[:300])
        self.assertEqual(headers["Content-Type"], "text/html; charset=utf-8")
        self.assertIn(b'<script type="module" src="console.js"></script>', body)
        self.assertIn(b'<link rel="stylesheet" href="console.css">', body)
        self.assertIn("default-src 'self'", headers["Content-Security-Policy"])
        for name, content_type in [("console.js", "text/javascript; charset=utf-8"),
                                   ("console.css", "text/css; charset=utf-8"),
                                   ("index.html", "text/html; charset=utf-8")]:
            status, headers, body = self.request("GET", "/_console/" + name)
            self.assertEqual((status, headers["Content-Type"]), (200, content_type), name)
            self.assertEqual(headers["X-Content-Type-Options"], "nosniff")
            self.assertEqual(headers["Cache-Control"], "no-cache")
            self.assertRegex(headers["ETag"], r'^"[0-9a-f]{20}"$')
            self.assertGreater(len(body), 100)

    def test_etag_revalidation_gzip_and_head(self):
        _, headers, body = self.request("GET", "/_console/console.js")
        etag = headers["ETag"]
        status, headers, again = self.request("GET", "/_console/console.js",
                                              {"If-None-Match": etag})
        self.assertEqual((status, again), (304, b""))
        status, headers, zipped = self.request("GET", "/_console/console.js",
                                               {"Accept-Encoding": "gzip, deflate"})
        self.assertEqual((status, headers["Content-Encoding"]), (200, "gzip"))
        self.assertEqual(gzip.decompress(zipped), body)
        self.assertLess(len(zipped), len(body) / 2)
        status, headers, empty = self.request("HEAD", "/_console/console.js")
        self.assertEqual((status, empty, int(headers["Content-Length"])), (200, b"", len(body)))

    def test_no_path_leaves_the_embedded_files(self):
        for target in ["/_console/../_localcloud/health", "/_console/%2e%2e/README.md",
                       "/_console/..%2f..%2fetc%2fpasswd", "/_console//etc/passwd",
                       "/_console/console.js/..", "/_console/nothing.js"]:
            status, headers, body = self.request("GET", target)
            self.assertEqual((status, body), (404, b"Not Found\n"), target)

    def test_writes_are_refused_and_the_bare_prefix_redirects(self):
        status, headers, _ = self.request("POST", "/_console/")
        self.assertEqual((status, headers["Allow"]), (405, "GET, HEAD"))
        status, headers, _ = self.request("GET", "/_console")
        self.assertEqual((status, headers["Location"]), (301, "/_console/"))

    def test_health_lists_the_console(self):
        _, _, body = self.request("GET", "/_localcloud/health")
        self.assertEqual(json.loads(body)["services"]["console"], "running")

    def test_console_wins_over_a_default_api_stage_named_console(self):
        # The only API is the default one: /{stage}/... on the bare address.
        g = self.server.client("apigateway")
        api = g.create_rest_api(name="stages")
        rid = g.create_resource(restApiId=api["id"], parentId=api["rootResourceId"],
                                pathPart="ping")["id"]
        g.put_method(restApiId=api["id"], resourceId=rid, httpMethod="GET",
                     authorizationType="NONE")
        g.put_integration(restApiId=api["id"], resourceId=rid, httpMethod="GET", type="MOCK",
                          requestTemplates={"application/json": '{"statusCode": 200}'})
        g.put_integration_response(restApiId=api["id"], resourceId=rid, httpMethod="GET",
                                   statusCode="200",
                                   responseTemplates={"application/json": '{"pong": 1}'})
        for stage in ["_console", "_consoles", "v1"]:
            g.create_deployment(restApiId=api["id"], stageName=stage)
        try:
            status, _, body = self.request("GET", "/v1/ping")
            self.assertEqual((status, json.loads(body)), (200, {"pong": 1}))
            status, _, body = self.request("GET", "/_consoles/ping")
            self.assertEqual((status, json.loads(body)), (200, {"pong": 1}))
            status, headers, _ = self.request("GET", "/_console/")
            self.assertEqual((status, headers["Content-Type"]), (200, "text/html; charset=utf-8"))
            status, _, body = self.request("GET", "/_console/ping")
            self.assertEqual((status, body), (404, b"Not Found\n"))
        finally:
            g.delete_rest_api(restApiId=api["id"])


if __name__ == "__main__":
    unittest.main()
