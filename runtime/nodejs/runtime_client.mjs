// The execution environment's side of the Lambda Runtime API: HTTP/1.1 over
// one keep-alive connection to AWS_LAMBDA_RUNTIME_API (poll for the next
// event, then post its result). A result goes out together with the poll for
// the event after it, pipelined in one write: the environment wakes once per
// invocation instead of twice, and localcloud reads both at once.
//
// Written on a bare socket rather than node:http with a keep-alive Agent:
// measured against the same server, node:http spent about twice the CPU per
// invocation (~300 us against ~130 us, user + system, on the 2-core dev
// machine), and every invocation pays it twice. The peer is localcloud's
// own Runtime API, so the client needs little of HTTP: Content-Length,
// chunked and close-delimited bodies, keep-alive, and one retry when a
// reused connection turns out to have been closed.
import net from 'node:net';

const kBase = '/2018-06-01/runtime';
const kErrorTypeHeader = 'Lambda-Runtime-Function-Error-Type';
const kCRLF = Buffer.from('\r\n');
const kHeadEnd = Buffer.from('\r\n\r\n');
const kReadBufferBytes = 64 * 1024;

export class RuntimeClient {
  #host;
  #port;
  #hostHeader;
  #socket = null;
  #reused = false;     // the socket has completed an exchange, so may be stale
  #queue = [];         // {entry, retry, sawBytes} of the requests in flight, oldest first
  #prefetched = null;  // the promise of a poll for the next event sent with a result
  #pollText;           // the poll for the next event, as sent
  #data = null;        // received bytes not yet consumed: #data[#start, #end)
  #start = 0;
  #end = 0;
  #owned = false;      // #data is our own buffer, not the socket's read buffer
  #readBuffer = Buffer.allocUnsafe(kReadBufferBytes);
  #response = null;    // the response being read, once its head is parsed

  /** @param {string} address "host:port", as in AWS_LAMBDA_RUNTIME_API. */
  constructor(address) {
    const colon = address.lastIndexOf(':');
    if (colon <= 0) throw new Error(`AWS_LAMBDA_RUNTIME_API is not host:port: '${address}'`);
    this.#host = address.slice(0, colon);
    this.#port = Number(address.slice(colon + 1));
    this.#hostHeader = address;
    this.#pollText = `GET ${kBase}/invocation/next HTTP/1.1\r\nHost: ${address}\r\n\r\n`;
  }

  /**
   * Long-polls for the next invocation.
   * @returns {Promise<{status: number, headers: Object<string,string>, body: string}>}
   *   headers with lowercased names.
   */
  async next() {
    const polled = this.#prefetched ?? this.#requests([this.#pollText])[0];
    this.#prefetched = null;
    const res = await polled;
    if (res.status !== 200) {
      throw new Error(`Runtime API /invocation/next answered ${res.status}: ${res.body}`);
    }
    return res;
  }

  // A result or error posted with the poll for the next event behind it is
  // answered by localcloud together with that poll (see runtime_api.cc): the
  // promise then resolves when the next event comes. An environment about to
  // exit posts with `pollNext` false, or waits for sent() rather than an answer.

  /** Posts a handler's result; `body` is the JSON text. Resolves with the HTTP status. */
  async postResponse(requestId, body) {
    return (await this.#post(`${kBase}/invocation/${encodeURIComponent(requestId)}/response`, body, '', true)).status;
  }

  /** Posts a handler's failure; `payload` is {errorType, errorMessage, trace}. */
  async postError(requestId, payload, pollNext = true) {
    const path = `${kBase}/invocation/${encodeURIComponent(requestId)}/error`;
    return (await this.#post(path, serializeError(payload), errorTypeHeader(payload), pollNext)).status;
  }

  /** Reports that the function could not be initialised. */
  async postInitError(payload) {
    return (await this.#post(`${kBase}/init/error`, serializeError(payload), errorTypeHeader(payload), false)).status;
  }

  /** Resolves once every request made so far has been handed to the system (sent, not answered). */
  sent() {
    const socket = this.#socket;
    if (!socket || socket.writableLength === 0) return Promise.resolve();
    return new Promise((resolve) => socket.write('', () => resolve()));
  }

  // With `pollNext`, the poll for the next event follows the post in the same
  // write; next() then waits for its answer.
  #post(path, body, extraHeaders, pollNext) {
    const post = `POST ${path} HTTP/1.1\r\nHost: ${this.#hostHeader}\r\n` +
                 `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
                 `${extraHeaders}\r\n${body}`;
    if (!pollNext || this.#prefetched) return this.#requests([post])[0];
    const [posted, polled] = this.#requests([post, this.#pollText]);
    // A poll nobody awaits (the environment exits after this post) must not
    // surface as an unhandled rejection.
    polled.catch(() => {});
    this.#prefetched = polled;
    return posted;
  }

  // Sends the requests in one write; one promise per request, for its response.
  #requests(texts) {
    const entries = texts.map((text) => {
      const entry = { text, resolve: null, reject: null };
      entry.promise = new Promise((resolve, reject) => {
        entry.resolve = resolve;
        entry.reject = reject;
      });
      return entry;
    });
    this.#send(entries, true);
    return entries.map((entry) => entry.promise);
  }

  #send(entries, mayRetry) {
    const retry = mayRetry && this.#socket !== null && this.#reused;
    const socket = this.#socket ?? this.#connect();
    for (const entry of entries) this.#queue.push({ entry, retry, sawBytes: false });
    // Referenced only while a request is out: an idle connection must not keep
    // the event loop alive, or 'beforeExit' could not tell when a handler's
    // own work has drained.
    socket.ref();
    socket.write(entries.length === 1 ? entries[0].text : entries.map((e) => e.text).join(''));
  }

  #connect() {
    // `onread`: Node reads into one buffer of ours and hands it straight to
    // #onData, past the stream machinery (a 'data' event per read, buffering
    // and a scheduled read-more each time). Bytes kept past #onData are copied.
    const socket = net.connect({
      host: this.#host,
      port: this.#port,
      noDelay: true,
      onread: { buffer: this.#readBuffer, callback: (n, buffer) => this.#onData(buffer.subarray(0, n)) },
    });
    socket.on('error', (error) => this.#drop(socket, error));
    socket.on('close', () => this.#drop(socket, new Error('the Runtime API closed the connection')));
    this.#socket = socket;
    this.#reused = false;
    this.#data = null;
    this.#start = this.#end = 0;
    this.#response = null;
    return socket;
  }

  // The connection failed or closed: fail the requests in flight, or send
  // them again once on a new connection if the old one died before answering
  // anything.
  #drop(socket, error) {
    if (socket !== this.#socket) return;
    const response = this.#response;
    if (response?.closeDelimited && !error.code) {
      this.#response = null;
      this.#complete(response, this.#take(this.#end - this.#start).toString());
    }
    this.#socket = null;
    socket.destroy();
    const queue = this.#queue;
    this.#queue = [];
    if (queue.length === 0) return;
    if (queue[0].retry && !queue[0].sawBytes) this.#send(queue.map((q) => q.entry), false);
    else for (const q of queue) q.entry.reject(error);
  }

  #onData(chunk) {
    if (this.#queue.length > 0) this.#queue[0].sawBytes = true;
    this.#append(chunk);
    this.#parseResponses();
    // The read buffer is filled again by the next read: keep a copy of what is left.
    if (!this.#owned && this.#end > this.#start) {
      this.#data = Buffer.from(this.#data.subarray(this.#start, this.#end));
      this.#start = 0;
      this.#end = this.#data.length;
      this.#owned = true;
    }
  }

  #parseResponses() {
    for (;;) {
      if (!this.#response && !this.#parseHead()) return;
      const body = this.#parseBody(this.#response);
      if (body === undefined) return;
      const response = this.#response;
      this.#response = null;
      this.#complete(response, body);
      if (this.#start === this.#end || !this.#socket) return;
    }
  }

  #complete(response, body) {
    const done = this.#queue.shift();
    if (response.close) {
      this.#socket?.destroy();
      this.#socket = null;
      // Requests pipelined behind this answer were never read: send them again.
      const rest = this.#queue;
      this.#queue = [];
      if (rest.length > 0) this.#send(rest.map((q) => q.entry), false);
    } else {
      this.#reused = true;
      if (this.#queue.length === 0) this.#socket?.unref();
    }
    done?.entry.resolve({ status: response.status, headers: response.headers, body });
  }

  // Keeps received bytes in #data[#start, #end). A chunk that arrives with
  // nothing pending is used as is; only a response split across chunks is
  // copied, into a buffer of our own that grows by doubling.
  #append(chunk) {
    const pending = this.#end - this.#start;
    if (pending === 0) {
      this.#data = chunk;
      this.#start = 0;
      this.#end = chunk.length;
      this.#owned = false;
      return;
    }
    if (!this.#owned || this.#data.length - this.#end < chunk.length) {
      const grown = Buffer.allocUnsafe(Math.max(pending + chunk.length, 2 * pending, 4096));
      this.#data.copy(grown, 0, this.#start, this.#end);
      this.#data = grown;
      this.#start = 0;
      this.#end = pending;
      this.#owned = true;
    }
    chunk.copy(this.#data, this.#end);
    this.#end += chunk.length;
  }

  #take(n) {
    const bytes = this.#data.subarray(this.#start, this.#start + n);
    this.#start += n;
    return bytes;
  }

  #parseHead() {
    const end = this.#data.indexOf(kHeadEnd, this.#start);
    if (end < 0 || end >= this.#end) return false;
    const lines = this.#data.toString('latin1', this.#start, end).split('\r\n');
    this.#start = end + 4;
    const status = Number(lines[0].split(' ', 2)[1]);
    const headers = {};
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon > 0) headers[lines[i].slice(0, colon).trim().toLowerCase()] = lines[i].slice(colon + 1).trim();
    }
    const response = { status, headers, close: /\bclose\b/i.test(headers.connection ?? ''),
                       length: 0, chunked: false, closeDelimited: false, parts: null };
    if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      response.chunked = true;
      response.parts = [];
    } else if (headers['content-length'] !== undefined) {
      response.length = Number(headers['content-length']);
    } else if (!(status === 204 || status === 304 || (status >= 100 && status < 200))) {
      response.closeDelimited = true;
      response.close = true;
    }
    this.#response = response;
    return true;
  }

  // The body once complete, or undefined while more bytes are needed.
  #parseBody(response) {
    if (response.closeDelimited) return undefined;
    if (!response.chunked) {
      if (this.#end - this.#start < response.length) return undefined;
      return this.#take(response.length).toString();
    }
    for (;;) {
      const lineEnd = this.#data.indexOf(kCRLF, this.#start);
      if (lineEnd < 0 || lineEnd >= this.#end) return undefined;
      const size = parseInt(this.#data.toString('latin1', this.#start, lineEnd), 16);
      if (size === 0) {
        // Last chunk: skip trailers up to the empty line.
        const trailersEnd = this.#data.indexOf(kCRLF, lineEnd + 2);
        if (trailersEnd < 0 || trailersEnd >= this.#end) return undefined;
        if (trailersEnd !== lineEnd + 2) {
          const end = this.#data.indexOf(kHeadEnd, lineEnd);
          if (end < 0 || end >= this.#end) return undefined;
          this.#start = end + 4;
        } else {
          this.#start = trailersEnd + 2;
        }
        return Buffer.concat(response.parts).toString();
      }
      if (this.#end - (lineEnd + 2) < size + 2) return undefined;
      this.#start = lineEnd + 2;
      response.parts.push(Buffer.from(this.#take(size)));
      this.#start += 2;
    }
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
  return `${kErrorTypeHeader}: ${value}\r\n`;
}
