// The execution environment's side of the Lambda Runtime API: one keep-alive
// connection to the endpoint in AWS_LAMBDA_RUNTIME_API, used for one request
// at a time (poll for the next event, then post its result).
import http from 'node:http';

const kBase = '/2018-06-01/runtime';
const kErrorTypeHeader = 'Lambda-Runtime-Function-Error-Type';

export class RuntimeClient {
  #host;
  #port;
  #agent;

  /** @param {string} address "host:port", as in AWS_LAMBDA_RUNTIME_API. */
  constructor(address) {
    const colon = address.lastIndexOf(':');
    if (colon <= 0) throw new Error(`AWS_LAMBDA_RUNTIME_API is not host:port: '${address}'`);
    this.#host = address.slice(0, colon);
    this.#port = Number(address.slice(colon + 1));
    // maxSockets 1: requests never overlap, so they all share one connection.
    // Idle keep-alive sockets are unref'd by the agent, which lets 'beforeExit'
    // tell when a handler's own work has drained.
    this.#agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  }

  /**
   * Long-polls for the next invocation.
   * @returns {Promise<{headers: Object<string,string>, body: string}>} headers lowercased.
   */
  async next() {
    const res = await this.#request('GET', `${kBase}/invocation/next`);
    if (res.status !== 200) {
      throw new Error(`Runtime API /invocation/next answered ${res.status}: ${res.body}`);
    }
    return res;
  }

  /** Posts a handler's result; `body` is the JSON text. Resolves with the HTTP status. */
  async postResponse(requestId, body) {
    const path = `${kBase}/invocation/${encodeURIComponent(requestId)}/response`;
    return (await this.#request('POST', path, body)).status;
  }

  /** Posts a handler's failure; `payload` is {errorType, errorMessage, trace}. */
  async postError(requestId, payload) {
    const path = `${kBase}/invocation/${encodeURIComponent(requestId)}/error`;
    return (await this.#request('POST', path, serializeError(payload), errorTypeHeader(payload))).status;
  }

  /** Reports that the function could not be initialised. */
  async postInitError(payload) {
    return (await this.#request('POST', `${kBase}/init/error`, serializeError(payload),
                                errorTypeHeader(payload))).status;
  }

  #request(method, path, body, extraHeaders) {
    return new Promise((resolve, reject) => {
      let headers;
      if (body !== undefined) {
        headers = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) };
        if (extraHeaders) Object.assign(headers, extraHeaders);
      }
      const req = http.request(
        { host: this.#host, port: this.#port, method, path, headers, agent: this.#agent },
        (res) => {
          const chunks = [];
          res.on('data', (chunk) => chunks.push(chunk));
          res.on('error', reject);
          res.on('end', () => {
            const text = chunks.length === 1 ? chunks[0].toString() : Buffer.concat(chunks).toString();
            resolve({ status: res.statusCode, headers: res.headers, body: text });
          });
        });
      req.on('error', reject);
      req.end(body);
    });
  }
}

function serializeError(payload) {
  try {
    return JSON.stringify(payload);
  } catch {
    return JSON.stringify({ errorType: String(payload.errorType), errorMessage: String(payload.errorMessage) });
  }
}

// Header values must be visible ASCII; an error name is user data.
function errorTypeHeader(payload) {
  const value = String(payload.errorType ?? 'Unknown').replace(/[^\x20-\x7e]/g, '');
  return { [kErrorTypeHeader]: value };
}
