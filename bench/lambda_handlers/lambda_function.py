"""The trivial Python handler of bench/lambda.sh: answers a small object.
{"sleep": ms} keeps its environment busy for that long and answers which environment
it ran in, so that the warm-up can start as many environments as the load needs."""
import os
import time


def lambda_handler(event, context):
    if isinstance(event, dict) and event.get("sleep"):
        time.sleep(event["sleep"] / 1000)
        return {"environment": str(os.getpid())}
    return {"ok": True}
