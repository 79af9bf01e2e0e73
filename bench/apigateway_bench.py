#!/usr/bin/env python3
"""API side of bench/apigateway.sh: creates the benchmark's functions and REST APIs on
localcloud, checks that every target answers GET /v1/users with the users list, and
writes the serverless-offline service. Functions, the Invoke client and the warm-up are
bench/lambda_bench.py's; the handlers are bench/lambda_handlers/users.mjs and the
in-process examples.users (handlers/examples/users.cc), which answer the same bytes.

usage:
  apigateway_bench.py setup URL          prints "NODE_API_ID CPP_API_ID"
  apigateway_bench.py check-http URL [--host HOST]
  apigateway_bench.py check-invoke URL FUNCTION
  apigateway_bench.py sls-service DIR NODE_MODULES
check-http GETs URL (with that Host header) and exits 1 unless it answers the users
list; check-invoke exits 1 unless an Invoke of FUNCTION answers the proxy response.
"""
import argparse
import http.client
import json
import sys
import urllib.parse

from lambda_bench import ApiError, Client, create_function, write_sls_service

REGION, ACCOUNT = "us-east-1", "000000000000"
STAGE = "v1"
# name: (Runtime, Handler, code file in bench/lambda_handlers or None for in-process)
FUNCTIONS = {
    "bench-users-node": ("nodejs20.x", "users.handler", "users.mjs"),
    "bench-users-cpp": ("localcloud.cpp", "examples.users", None),
}
USERS = [{"Userid": "marivera", "FullName": "Martha Rivera"},
         {"Userid": "nikkwolf", "FullName": "Nikki Wolf"},
         {"Userid": "pasantos", "FullName": "Paulo Santos"}]
USERS_BODY = json.dumps(USERS, separators=(",", ":"))
PROXY_RESPONSE = {"statusCode": 200, "headers": {"Content-Type": "application/json"},
                  "body": USERS_BODY}


def lambda_uri(function):
    arn = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{function}"
    return f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations"


def create_api(client, function):
    """A REST API with GET /users → FUNCTION (AWS_PROXY), deployed to stage v1."""
    api = client.api("POST", "/restapis", {"name": f"bench-{function}"})
    api_id = api["id"]
    resources = client.api("GET", f"/restapis/{api_id}/resources")["item"]
    root = next(r["id"] for r in resources if r["path"] == "/")
    users = client.api("POST", f"/restapis/{api_id}/resources/{root}", {"pathPart": "users"})["id"]
    method = f"/restapis/{api_id}/resources/{users}/methods/GET"
    client.api("PUT", method, {"authorizationType": "NONE"})
    client.api("PUT", f"{method}/integration", {
        "type": "AWS_PROXY", "httpMethod": "POST", "uri": lambda_uri(function)})
    client.api("POST", f"/restapis/{api_id}/deployments", {"stageName": STAGE})
    return api_id


def setup(args):
    client = Client(args.url)
    for name, spec in FUNCTIONS.items():
        create_function(client, name, *spec)
    print(create_api(client, "bench-users-node"), create_api(client, "bench-users-cpp"))
    return 0


def check_http(args):
    parsed = urllib.parse.urlparse(args.url)
    conn = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=60)
    conn.request("GET", parsed.path, headers={"Host": args.host} if args.host else {})
    response = conn.getresponse()
    body = response.read().decode(errors="replace")
    conn.close()
    if response.status != 200 or body != USERS_BODY:
        print(f"apigateway_bench.py: GET {args.url} answered {response.status}: {body[:300]}",
              file=sys.stderr)
        return 1
    return 0


def check_invoke(args):
    _, data = Client(args.url).invoke(args.function, {})
    if json.loads(data) != PROXY_RESPONSE:
        print(f"apigateway_bench.py: {args.function} answered {data[:300]!r}", file=sys.stderr)
        return 1
    return 0


SERVERLESS_YML = f"""\
service: lcbench
frameworkVersion: "3"
provider:
  name: aws
  runtime: nodejs20.x
  stage: {STAGE}
functions:
  users:
    handler: users.handler
    events:
      - http:
          path: users
          method: get
plugins:
  - serverless-offline
"""


def sls_service(args):
    """bench-users-node's very handler as function `users` of service lcbench, behind
    GET /v1/users (Lambda proxy, serverless-offline's default) and invoked on the Lambda
    port as lcbench-v1-users."""
    write_sls_service(args.dir, args.node_modules, SERVERLESS_YML, ["users.mjs"])
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("setup")
    p.add_argument("url")
    p.set_defaults(run=setup)
    p = sub.add_parser("check-http")
    p.add_argument("url")
    p.add_argument("--host")
    p.set_defaults(run=check_http)
    p = sub.add_parser("check-invoke")
    p.add_argument("url")
    p.add_argument("function")
    p.set_defaults(run=check_invoke)
    p = sub.add_parser("sls-service")
    p.add_argument("dir")
    p.add_argument("node_modules")
    p.set_defaults(run=sls_service)
    args = parser.parse_args(argv[1:])
    try:
        return args.run(args)
    except (ApiError, OSError, http.client.HTTPException, KeyError, StopIteration) as e:
        print(f"apigateway_bench.py {args.command}: {e!r}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))
