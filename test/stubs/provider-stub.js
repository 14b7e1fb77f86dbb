'use strict';
/**
 * A local stand-in for SendGrid and Twilio, for tests and benchmarks: the real SDKs are aimed at
 * it (SENDGRID_API_URL, TWILIO_API_URL). It answers like the providers do, records every request,
 * and can be told to fail: status codes (with Retry-After), requests that never get an answer,
 * and outages that drop every connection, each for a number of requests or a stretch of time.
 * Plain CommonJS so Jest tests and the plain-JS benchmark share it. Listens on 127.0.0.1 only.
 */
const http = require('node:http');
const { randomBytes } = require('node:crypto');

const SENDGRID_PATH = '/v3/mail/send';
const TWILIO_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

function hex(bytes) {
  return randomBytes(bytes).toString('hex');
}

/**
 * @param {{ port?: number, keepBodies?: boolean }} [options]
 *   keepBodies: keep each request's parsed body and headers (default true; benchmarks turn it off).
 */
async function startProviderStub(options = {}) {
  const keepBodies = options.keepBodies !== false;
  /** @type {Array<object>} */
  const requests = [];
  /** Accepted messages per touch id (email) or recipient (SMS). */
  const acceptedByTouch = new Map();
  const acceptedByRecipient = new Map();
  let faults = [];
  const held = new Set();
  const sockets = new Set();
  let delayMs = 0;

  function live() {
    const now = Date.now();
    faults = faults.filter((f) => (f.until === undefined || f.until > now) && (f.remaining === undefined || f.remaining > 0));
    return faults;
  }

  /** A fault for this recipient wins over one for everybody. */
  function faultFor(provider, to) {
    const matching = live().filter((f) => f.provider === 'any' || f.provider === provider);
    return matching.find((f) => f.recipient !== undefined && f.recipient === to) ?? matching.find((f) => f.recipient === undefined);
  }

  function send(res, status, body, headers = {}) {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  function answerFault(fault, provider, res) {
    if (fault.remaining !== undefined) fault.remaining -= 1;
    if (fault.kind === 'hang') {
      held.add(res);
      return 'hang';
    }
    if (fault.kind === 'outage') {
      res.socket?.destroy();
      return 'outage';
    }
    const headers = fault.retryAfter !== undefined ? { 'Retry-After': String(fault.retryAfter) } : {};
    const body =
      provider === 'twilio'
        ? {
            code: fault.code ?? fault.status * 100 + 1,
            message: fault.message ?? `stub error ${fault.status}`,
            more_info: 'https://www.twilio.com/docs/errors',
            status: fault.status,
          }
        : { errors: [{ message: fault.message ?? `stub error ${fault.status}`, field: null, help: null }] };
    send(res, fault.status, body, headers);
    return fault.status;
  }

  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '').split('?')[0];
      const twilio = TWILIO_PATH.exec(path);
      const provider = req.method === 'POST' && path === SENDGRID_PATH ? 'sendgrid' : req.method === 'POST' && twilio ? 'twilio' : null;
      if (!provider) return send(res, 404, { message: 'not found' });

      let body;
      let touchId = null;
      let to = null;
      if (provider === 'sendgrid') {
        try {
          body = JSON.parse(raw);
        } catch {
          return send(res, 400, { errors: [{ message: 'invalid JSON' }] });
        }
        touchId = body.custom_args?.touch_id ?? body.personalizations?.[0]?.custom_args?.touch_id ?? null;
        to = body.personalizations?.[0]?.to?.[0]?.email ?? null;
      } else {
        body = Object.fromEntries(new URLSearchParams(raw));
        to = body.To ?? null;
      }
      const record = {
        provider,
        touchId,
        to,
        at: Date.now(),
        status: 0,
        ...(keepBodies ? { body, headers: req.headers, accountSid: twilio ? twilio[1] : undefined } : {}),
      };
      requests.push(record);

      const respond = () => {
        const fault = faultFor(provider, to);
        if (fault) {
          record.status = answerFault(fault, provider, res);
          return;
        }
        if (provider === 'sendgrid') {
          if (!req.headers.authorization?.startsWith('Bearer ')) return send(res, 401, { errors: [{ message: 'authorization required' }] });
          const id = `${hex(11)}.stub`;
          record.status = 202;
          record.messageId = id;
          if (touchId !== null) acceptedByTouch.set(touchId, (acceptedByTouch.get(touchId) ?? 0) + 1);
          acceptedByRecipient.set(to, (acceptedByRecipient.get(to) ?? 0) + 1);
          res.writeHead(202, { 'X-Message-Id': id, 'Content-Length': 0 });
          return res.end();
        }
        if (!req.headers.authorization?.startsWith('Basic ')) return send(res, 401, { code: 20003, message: 'Authenticate' });
        const sid = `SM${hex(16)}`;
        record.status = 201;
        record.messageId = sid;
        acceptedByRecipient.set(to, (acceptedByRecipient.get(to) ?? 0) + 1);
        send(res, 201, {
          sid,
          account_sid: twilio[1],
          to: body.To,
          from: body.From ?? null,
          messaging_service_sid: body.MessagingServiceSid ?? null,
          body: body.Body,
          status: 'queued',
          num_segments: '1',
          date_created: new Date().toUTCString(),
          uri: `/2010-04-01/Accounts/${twilio[1]}/Messages/${sid}.json`,
        });
      };
      if (delayMs > 0) setTimeout(respond, delayMs);
      else respond();
    });
  });
  server.keepAliveTimeout = 60_000;
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const { port } = server.address();
  const url = `http://127.0.0.1:${port}`;

  function addFault(kind, spec = {}) {
    const fault = {
      kind,
      provider: spec.provider ?? 'any',
      status: spec.status,
      code: spec.code,
      message: spec.message,
      retryAfter: spec.retryAfter,
      recipient: spec.recipient,
      remaining: spec.count,
      until: spec.forMs !== undefined ? Date.now() + spec.forMs : undefined,
    };
    faults.push(fault);
    return fault;
  }

  return {
    url,
    port,
    requests,
    /** Accepted sends per touch id (email custom_args.touch_id). */
    acceptedByTouch,
    /** Accepted sends per recipient (email address or phone number). */
    acceptedByRecipient,
    /** Answer with `status` (and Twilio `code`, `retryAfter` seconds) for `count` requests or `forMs`. */
    fail(spec) {
      return addFault('status', spec);
    },
    /** Take requests and never answer them: the client's timeout fires. */
    hang(spec = {}) {
      return addFault('hang', spec);
    },
    /** Drop every connection at once, as if the provider were unreachable. */
    outage(spec = {}) {
      return addFault('outage', spec);
    },
    /** Answer every request after `ms` (a slow provider). */
    setDelay(ms) {
      delayMs = ms;
    },
    clearFaults() {
      faults = [];
    },
    reset() {
      faults = [];
      requests.length = 0;
      acceptedByTouch.clear();
      acceptedByRecipient.clear();
    },
    accepted(provider) {
      return requests.filter((r) => (r.status === 202 || r.status === 201) && (!provider || r.provider === provider));
    },
    async close() {
      for (const res of held) res.socket?.destroy();
      held.clear();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

module.exports = { startProviderStub };
