// Starts the telegram-test-api Bot API emulator for the Java tests.
// Usage: node emulator.js PORT PATH_TO_telegram-test-api
// Prints "READY <port>" once listening; exits when its standard input closes (the JVM died).
//
// telegram-test-api 4.2.1 has no getChatMember. The tests add it here, answering from a table
// they fill through POST /setChatMember {botToken, chatId, userId, status}; a member not in
// the table falls through to the emulator's own answer for a method it does not support
// (an error), as before. It cannot refuse a message either: POST /failChat {botToken, chatId,
// code, description} makes sendMessage to that chat fail as Telegram does (403 "Forbidden: bot
// was blocked by the user", 400 "Bad Request: chat not found").
const path = require('path');
const port = Number(process.argv[2]);
const modulePath = process.argv[3];
const routes = require(path.join(modulePath, 'lib/routes/index.js')).routes;
const members = new Map();
const refusals = new Map();
const key = (token, chatId, userId) => `${token}|${chatId}|${userId}`;
routes.unshift((app) => {
  app.post('/setChatMember', (req, res) => {
    const b = req.body;
    members.set(key(b.botToken, b.chatId, b.userId), b.status);
    res.json({ ok: true, result: null });
  });
  app.post('/failChat', (req, res) => {
    const b = req.body;
    refusals.set(`${b.botToken}|${b.chatId}`, { code: Number(b.code), description: b.description });
    res.json({ ok: true, result: null });
  });
  app.all('/bot:token/sendMessage', (req, res, next) => {
    const p = Object.assign({}, req.query, req.body);
    const refusal = refusals.get(`${req.params.token}|${p.chat_id}`);
    if (refusal === undefined) {
      next();
      return;
    }
    res.status(refusal.code).json({ ok: false, error_code: refusal.code, description: refusal.description });
  });
  app.all('/bot:token/getChatMember', (req, res, next) => {
    const p = Object.assign({}, req.query, req.body);
    const status = members.get(key(req.params.token, p.chat_id, p.user_id));
    if (status === undefined) {
      next();
      return;
    }
    const result = { status, user: { id: Number(p.user_id), is_bot: false, first_name: '用户' } };
    if (status === 'administrator') {
      Object.assign(result, {
        can_be_edited: false, is_anonymous: false, can_manage_chat: true, can_delete_messages: true,
        can_manage_video_chats: true, can_restrict_members: true, can_promote_members: false, can_change_info: true,
        can_invite_users: true, can_post_stories: false, can_edit_stories: false, can_delete_stories: false,
      });
    } else if (status === 'creator') {
      Object.assign(result, { is_anonymous: false });
    }
    res.json({ ok: true, result });
  });
});
const TelegramServer = require(modulePath);
const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
server.start()
  .then(() => console.log('READY ' + port))
  .catch((e) => { console.error('emulator failed: ' + e.message); process.exit(1); });
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();
