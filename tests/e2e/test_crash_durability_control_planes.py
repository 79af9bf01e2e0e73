"""Crash durability of the control planes: Lambda (CreateFunction,
UpdateFunctionConfiguration, UpdateFunctionCode, PutFunctionConcurrency) and API Gateway
(CreateRestApi, CreateResource, PutMethod, PutIntegration, PutMethodResponse,
PutIntegrationResponse, CreateDeployment) are driven step by step while the server is
killed with SIGKILL at random moments, many times over one data directory.

After every restart:
- every acknowledged step is there, with what it set (a function's code hash, its
  environment, its reserved concurrency; a resource, its method, its MOCK integration and
  responses, a stage pointing at a deployment); a step that was in flight when the server
  died is there whole or not at all;
- nothing is half-created: every function listed, acknowledged or not, has its code (the
  package downloads, and its SHA-256 is the CodeSha256 the function reports), and every
  API listed answers for its resources, methods, deployments and stages;
- a sample of the functions runs (its code and environment are the acknowledged ones) and
  every fully deployed API answers on its stage through the data plane.

ROUNDS (environment, default 6) sets how many kills; the seed is printed for replays."""
import base64
import hashlib
import io
import json
import os
import random
import threading
import unittest
import urllib.request
import zipfile

from botocore.exceptions import ClientError

from localcloud_server import kill_rounds, unretried_client

ROUNDS = int(os.environ.get("ROUNDS", "6"))
ROLE = "arn:aws:iam::000000000000:role/r"


def client(server, service):
    return unretried_client(server, service, read_timeout=20)


def code(name, generation):
    """A package whose handler says which function and which code generation it is, and
    echoes the STEP variable of its configuration."""
    source = ("import os\n"
              "def handler(event, context):\n"
              f"    return {{'name': {name!r}, 'generation': {generation}, "
              "'step': os.environ.get('STEP')}\n")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        # A fixed timestamp: the same function and generation always hash the same.
        z.writestr(zipfile.ZipInfo("index.py", date_time=(2024, 1, 1, 0, 0, 0)), source)
    data = buf.getvalue()
    return data, base64.b64encode(hashlib.sha256(data).digest()).decode()


class Function:
    """What the server acknowledged for one function; `pending` is the step sent when it
    died (it may or may not have landed)."""

    def __init__(self, name):
        self.name = name
        self.created = False
        self.sha = None         # acknowledged code
        self.step = None        # acknowledged STEP variable
        self.concurrency = None
        self.pending = None     # (field, value) of an unanswered step


class Api:
    def __init__(self, name):
        self.name = name
        self.id = None
        self.resource = None    # the /items resource id
        self.steps = []         # acknowledged steps, in order
        self.pending = None


API_STEPS = ["resource", "method", "integration", "method_response", "integration_response",
             "deployment"]


class ControlPlaneCrashTest(unittest.TestCase):
    def test_acknowledged_control_plane_calls_survive_kill_9(self):
        self.functions, self.apis = [], []
        self.lock = threading.Lock()
        self.acknowledged = 0

        def drivers(server, round_no, stop):
            threads = [threading.Thread(target=self.drive_functions,
                                        args=(server, round_no, w, stop)) for w in range(2)]
            threads += [threading.Thread(target=self.drive_apis,
                                         args=(server, round_no, w, stop)) for w in range(2)]
            return threads

        kill_rounds(self, "control plane crash durability", ROUNDS, drivers, self.verify,
                    pause=(0.5, 2.0), join_timeout=60)
        print(f"control plane crash durability: {ROUNDS} kills, {self.acknowledged} "
              f"acknowledged calls, {sum(f.created for f in self.functions)} functions and "
              f"{sum(a.id is not None for a in self.apis)} APIs verified", flush=True)
        self.assertGreater(self.acknowledged, 0)

    # ---- writers ----

    def ack(self):
        with self.lock:
            self.acknowledged += 1

    def drive_functions(self, server, round_no, writer, stop):
        lam = client(server, "lambda")
        n = 0
        while not stop.is_set():
            n += 1
            f = Function(f"fn-{round_no}-{writer}-{n}")
            with self.lock:
                self.functions.append(f)
            try:
                data, sha = code(f.name, 1)
                f.pending = ("sha", sha)
                lam.create_function(FunctionName=f.name, Runtime="python3.12",
                                    Handler="index.handler", Role=ROLE, Code={"ZipFile": data},
                                    Environment={"Variables": {"STEP": "1"}})
                f.created, f.sha, f.step, f.pending = True, sha, "1", None
                self.ack()
                f.pending = ("step", "2")
                lam.update_function_configuration(FunctionName=f.name,
                                                  Environment={"Variables": {"STEP": "2"}})
                f.step, f.pending = "2", None
                self.ack()
                data, sha = code(f.name, 2)
                f.pending = ("sha", sha)
                lam.update_function_code(FunctionName=f.name, ZipFile=data)
                f.sha, f.pending = sha, None
                self.ack()
                f.pending = ("concurrency", 3)
                lam.put_function_concurrency(FunctionName=f.name, ReservedConcurrentExecutions=3)
                f.concurrency, f.pending = 3, None
                self.ack()
            except Exception:
                return  # the server died: the pending step is unacknowledged

    def drive_apis(self, server, round_no, writer, stop):
        g = client(server, "apigateway")
        n = 0
        while not stop.is_set():
            n += 1
            a = Api(f"api-{round_no}-{writer}-{n}")
            with self.lock:
                self.apis.append(a)
            try:
                a.pending = "create"
                created = g.create_rest_api(name=a.name)
                a.id, a.pending = created["id"], None
                self.ack()
                for step in API_STEPS:
                    a.pending = step
                    self.api_step(g, a, created["rootResourceId"], step)
                    a.steps.append(step)
                    a.pending = None
                    self.ack()
            except Exception:
                return

    def api_step(self, g, a, root, step):
        kw = dict(restApiId=a.id)
        if step == "resource":
            a.resource = g.create_resource(parentId=root, pathPart="items", **kw)["id"]
        elif step == "method":
            g.put_method(resourceId=a.resource, httpMethod="GET", authorizationType="NONE", **kw)
        elif step == "integration":
            g.put_integration(resourceId=a.resource, httpMethod="GET", type="MOCK",
                              requestTemplates={"application/json": '{"statusCode": 200}'}, **kw)
        elif step == "method_response":
            g.put_method_response(resourceId=a.resource, httpMethod="GET", statusCode="200",
                                  **kw)
        elif step == "integration_response":
            g.put_integration_response(resourceId=a.resource, httpMethod="GET",
                                       statusCode="200",
                                       responseTemplates={"application/json":
                                                          json.dumps({"api": a.name})}, **kw)
        elif step == "deployment":
            g.create_deployment(stageName="v1", **kw)

    # ---- checks ----

    def verify(self, server, round_no):
        lam, g = client(server, "lambda"), client(server, "apigateway")
        where = f"round {round_no}"
        listed = {}
        for page in lam.get_paginator("list_functions").paginate():
            for c in page["Functions"]:
                listed[c["FunctionName"]] = c
        # Nothing half-created: every function listed has its code, whole.
        for name in listed:
            got = lam.get_function(FunctionName=name)
            with urllib.request.urlopen(got["Code"]["Location"], timeout=20) as r:
                package = r.read()
            self.assertEqual(base64.b64encode(hashlib.sha256(package).digest()).decode(),
                             got["Configuration"]["CodeSha256"], f"{where}: {name}'s code")
        for f in self.functions:
            if not f.created:
                # Created or not, but not half: if listed, its code was checked above.
                if f.name in listed and f.pending and f.pending[0] == "sha":
                    f.created, f.sha, f.step, f.pending = True, f.pending[1], "1", None
                continue
            self.assertIn(f.name, listed, f"{where}: acknowledged function {f.name} lost")
            config = listed[f.name]
            self.settle(f, "sha", config["CodeSha256"], where)
            self.settle(f, "step", config.get("Environment", {}).get("Variables", {})
                        .get("STEP"), where)
            reserved = lam.get_function_concurrency(FunctionName=f.name).get(
                "ReservedConcurrentExecutions")
            self.settle(f, "concurrency", reserved, where)
        # A few of them run: their code and configuration are the acknowledged ones.
        created = [f for f in self.functions if f.created]
        for f in random.sample(created, min(3, len(created))):
            out = json.loads(lam.invoke(FunctionName=f.name)["Payload"].read())
            generation = 1 if f.sha == code(f.name, 1)[1] else 2
            self.assertEqual(out, {"name": f.name, "generation": generation, "step": f.step},
                             where)

        apis = {}
        position = None
        while True:
            page = g.get_rest_apis(limit=500, **({"position": position} if position else {}))
            apis.update({x["id"]: x for x in page["items"]})
            position = page.get("position")
            if not position:
                break
        # Nothing half-created: every API listed reads whole.
        for api_id in apis:
            resources = g.get_resources(restApiId=api_id, limit=500)["items"]
            self.assertIn("/", [r["path"] for r in resources], f"{where}: {api_id} has no root")
            deployments = {d["id"] for d in g.get_deployments(restApiId=api_id)["items"]}
            for stage in g.get_stages(restApiId=api_id)["item"]:
                self.assertIn(stage["deploymentId"], deployments,
                              f"{where}: a stage of {api_id} points at a missing deployment")
        by_name = {x["name"]: x for x in apis.values()}
        for a in self.apis:
            if a.id is None:
                if a.pending == "create" and a.name in by_name:
                    a.id = by_name[a.name]["id"]  # it landed: from now on it must stay
                    a.pending = None
                    self.resolve_api(g, a, where)
                continue
            self.assertIn(a.id, apis, f"{where}: acknowledged API {a.name} lost")
            self.resolve_api(g, a, where)
        # Every API deployed with its whole method answers on its stage.
        for a in self.apis:
            if "deployment" in a.steps:
                with urllib.request.urlopen(
                        f"{server.endpoint}/restapis/{a.id}/v1/_user_request_/items",
                        timeout=20) as r:
                    self.assertEqual((r.status, json.loads(r.read())), (200, {"api": a.name}),
                                     where)

    def settle(self, f, field, stored, where):
        """The stored value is the acknowledged one, or the pending step's (which landed)."""
        acked = getattr(f, field)
        if f.pending and f.pending[0] == field and stored == f.pending[1]:
            setattr(f, field, stored)
            f.pending = None
            return
        self.assertEqual(stored, acked, f"{where}: {f.name}'s {field}")

    def resolve_api(self, g, a, where):
        """Each acknowledged step is there; the pending one is there or not; what comes
        after it is not."""
        resources = g.get_resources(restApiId=a.id, limit=500)["items"]
        items = [r for r in resources if r["path"] == "/items"]
        if a.resource is None and items and a.pending == "resource":
            a.resource = items[0]["id"]
        present = {"resource": bool(items)}
        if items:
            self.assertEqual(len(items), 1, where)
            try:
                method = g.get_method(restApiId=a.id, resourceId=items[0]["id"],
                                      httpMethod="GET")
            except ClientError as e:
                self.assertEqual(e.response["Error"]["Code"], "NotFoundException", where)
                method = None
            present["method"] = method is not None
            integration = (method or {}).get("methodIntegration")
            present["integration"] = bool(integration)
            if integration:
                self.assertEqual(integration["type"], "MOCK", where)
            present["method_response"] = "200" in (method or {}).get("methodResponses", {})
            present["integration_response"] = "200" in (integration or {}).get(
                "integrationResponses", {})
        stages = {s["stageName"]: s for s in g.get_stages(restApiId=a.id)["item"]}
        present["deployment"] = "v1" in stages
        for step in API_STEPS:
            if step in a.steps:
                self.assertTrue(present.get(step), f"{where}: {a.name}: acknowledged {step} lost")
            elif step == a.pending:
                if present.get(step):
                    a.steps.append(step)  # it landed: from now on it must stay
                a.pending = None
            else:
                self.assertFalse(present.get(step), f"{where}: {a.name}: {step} never sent")


if __name__ == "__main__":
    unittest.main()
