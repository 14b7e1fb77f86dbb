import { parentPort } from 'node:worker_threads';
import { parsePiece, PieceTask } from './parse-piece';

/** Worker thread entry: parses the pieces it is sent, one at a time, and answers each in turn. */
parentPort!.on('message', (task: PieceTask) => {
  const result = parsePiece(task);
  if (!result.ok) return parentPort!.postMessage(result);
  // Handed over, not copied; a small Buffer lives in Node's shared pool, which must stay here.
  const copy = result.copy.byteLength === result.copy.buffer.byteLength ? result.copy : new Uint8Array(result.copy);
  parentPort!.postMessage({ ...result, copy }, [copy.buffer as ArrayBuffer]);
});
