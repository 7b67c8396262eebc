// Starts the telegram-test-api Bot API emulator for the Java tests.
// Usage: node emulator.js PORT PATH_TO_telegram-test-api
// Prints "READY <port>" once listening; exits when its standard input closes (the JVM died).
const port = Number(process.argv[2]);
const TelegramServer = require(process.argv[3]);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
server.start()
  .then(() => console.log('READY ' + port))
  .catch((e) => { console.error('emulator failed: ' + e.message); process.exit(1); });
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
