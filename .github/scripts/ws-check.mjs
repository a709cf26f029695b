// A WebSocket client in plain Node (no dependency, no flag): an HTTP Upgrade request, a check of
// the 101 answer and its Sec-WebSocket-Accept, then one masked text frame that the app echoes back.
// Usage: node .github/scripts/ws-check.mjs <ws://...>   (WS_TOKEN: a bearer token to send)
import * as http from 'node:http';
import * as crypto from 'node:crypto';
const target = process.argv[2];
if (!target || !/^ws:\/\//.test(target)) {
  console.error(`not a ws:// URL: "${target}"`);
  process.exit(1);
}
const key = crypto.randomBytes(16).toString('base64');
const headers = { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13' };
if (process.env.WS_TOKEN) headers.Authorization = `Bearer ${process.env.WS_TOKEN}`;
const fail = (why) => {
  console.error(`WebSocket check of ${target} failed: ${why}`);
  process.exit(1);
};
setTimeout(() => fail('no answer within 10 s'), 10000).unref();
const req = http.request(target.replace(/^ws:/, 'http:'), { headers });
req.on('response', (res) => fail(`HTTP ${res.statusCode} instead of 101 Switching Protocols`));
req.on('error', (e) => fail(e.message));
req.on('upgrade', (res, socket, head) => {
  const accept = crypto
    .createHash('sha1')
    .update(key + '258EAFA5-E914-47DA-95CA-C5AB0DC85B11')
    .digest('base64');
  if (res.headers['sec-websocket-accept'] !== accept) fail('wrong Sec-WebSocket-Accept');
  console.log(`${target}: HTTP ${res.statusCode} ${res.statusMessage}`);
  const text = Buffer.from(`hello from run ${process.env.GITHUB_RUN_ID || 'local'}`);
  const mask = crypto.randomBytes(4);
  const masked = Buffer.from(text.map((b, i) => b ^ mask[i % 4]));
  socket.write(Buffer.concat([Buffer.from([0x81, 0x80 | text.length]), mask, masked]));
  let buf = head;
  const onData = (d) => {
    buf = Buffer.concat([buf, d]);
    if (buf.length < 2 || buf.length < 2 + (buf[1] & 0x7f)) return;
    const echoed = buf.subarray(2, 2 + (buf[1] & 0x7f)).toString();
    if (buf[0] !== 0x81 || echoed !== text.toString()) fail(`echo was ${JSON.stringify(echoed)}`);
    console.log(`echoed: ${echoed}`);
    socket.destroy();
    process.exit(0);
  };
  socket.on('data', onData);
  onData(Buffer.alloc(0));
});
req.end();
