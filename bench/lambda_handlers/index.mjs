// The trivial Node.js handler of bench/lambda.sh, the same file for localcloud and
// serverless-offline: an ES module answering a small object. {"sleep": ms} keeps its
// environment busy for that long and answers which environment it ran in (process and
// worker thread), so that the warm-up can start as many environments as the load needs.
import { threadId } from "node:worker_threads";

export const handler = async (event) => {
  if (event?.sleep) {
    await new Promise((resolve) => setTimeout(resolve, event.sleep));
    return { environment: `${process.pid}/${threadId}` };
  }
  return { ok: true };
};
