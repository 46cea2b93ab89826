// The lag scenario's Node.js listener: a user's endpoint as it is commonly written (http.createServer with
// Node's defaults, keepAliveTimeout 5 s among them). It records when each call arrived and which slot it fires
// for; GET /calls returns them, one per line: path, X-Gnomon-Scheduled-At, arrival (ms since the Unix epoch).
import http from 'node:http';
import { performance } from 'node:perf_hooks';

const calls = [];
const server = http.createServer((req, res) => {
  const arrived = performance.timeOrigin + performance.now();
  if (req.method === 'GET' && req.url === '/calls') {
    // The monotonic clock above against the wall clock, to show they did not drift apart during the run.
    res.setHeader('X-Clock-Drift-Ms', String(Date.now() - (performance.timeOrigin + performance.now())));
    res.end(calls.join('\n'));
    return;
  }

  const scheduled = req.headers['x-gnomon-scheduled-at'];
  if (scheduled) {
    calls.push(`${req.url}\t${scheduled}\t${arrived}`);
  }

  req.resume();
  req.on('end', () => res.end());
});
server.listen(0, '127.0.0.1', () => console.log(`listening ${server.address().port}`));
