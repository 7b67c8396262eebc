#!/usr/bin/env node
// A local Telegram Bot API for trying the bot and for the Java tests: the npm telegram-test-api
// emulator, adapted so that TelegramBots (and so `./chatbot serve`) can talk to it.
//
//   node test-tools/telegram-emulator.js [PORT]        (default 8081, on 127.0.0.1)
//   CHATBOT_TELEGRAM_TOKEN=123456:local CHATBOT_TELEGRAM_API_URL=http://127.0.0.1:8081 ./chatbot serve
//   node test-tools/telegram-user.js "你好"             (a user writes; prints the bot's replies)
//
// Prints "READY <port>" once listening. With --exit-with-stdin it also exits when its standard
// input closes (the Java tests start it so: it goes when the JVM goes).
//
// What it changes in telegram-test-api 4.2.1, on the bot's side (/bot<token>/<method>):
// - the messages the bot sent carry `date` in milliseconds; Telegram, and TelegramBots, use
//   seconds: every `date` of 13 digits is cut to seconds;
// - getMe leaves out `is_bot`, which TelegramBots requires: it is added;
// - getUpdates forgets an update as soon as it has handed it out; Telegram forgets it only once
//   a later getUpdates asks for an `offset` past it, so a bot that dies between receiving a
//   batch and confirming it gets the batch again (another replica too): it is answered so here,
//   `offset` and `limit` honoured;
// - getUpdates answers at once, even with nothing new, so a polling bot would spin: an empty
//   poll is held until a user writes or a second passes (Telegram holds it up to `timeout`;
//   a short hold here, so tests need not wait for a poll to end);
// - getChatMember does not exist: POST /setChatMember {botToken, chatId, userId, status} sets
//   what it answers for a user ("creator", "administrator", "member"…); a user not set gets
//   the emulator's error for an unsupported method;
// - a chat cannot refuse a message: POST /failChat {botToken, chatId, code, description} makes
//   sendMessage to that chat fail as Telegram does (403 "Forbidden: bot was blocked by the
//   user", 400 "Bad Request: chat not found").
// Methods it does not implement (setMyCommands, sendChatAction…) still get its error, an HTTP
// 500 that is not a Bot API answer; the bot logs one warning for the command menu and goes on.
//
// The user's side is the emulator's own: POST /sendMessage and /sendCommand (a user message),
// /sendCallback (a button press), /getUpdates {token, chatId} (what the bot sent, each once),
// /getUpdatesHistory {token} (everything).
const TelegramServer = require('telegram-test-api');
const { routes } = require('telegram-test-api/lib/routes/index.js');

const HOLD_EMPTY_POLL_MS = 1000;
const USER_EVENTS = ['AddedUserMessage', 'AddedUserCommand', 'AddedUserCallbackQuery'];
const BOT_METHOD = /^\/bot[^/]+\/([^/]+)$/i;

/** Cuts every `date` in milliseconds (13 digits) to seconds, anywhere in a Bot API answer. */
function datesInSeconds(value) {
  if (Array.isArray(value)) {
    return value.map(datesInSeconds);
  }
  if (value === null || typeof value !== 'object') {
    return value;
  }
  const out = {};
  for (const [k, v] of Object.entries(value)) {
    out[k] = k === 'date' && typeof v === 'number' && v >= 1e12 ? Math.floor(v / 1000) : datesInSeconds(v);
  }
  return out;
}

/** The Bot API answers as Telegram shapes them. */
function botAnswers(app) {
  app.use((req, res, next) => {
    const m = BOT_METHOD.exec(req.path);
    if (m === null) {
      next();
      return;
    }
    const method = m[1].toLowerCase(); // TelegramBots writes "getme", "getupdates"
    const json = res.json.bind(res);
    res.json = (body) => {
      let fixed = datesInSeconds(body);
      if (method === 'getme' && fixed && fixed.ok && fixed.result && !('is_bot' in fixed.result)) {
        fixed = { ...fixed, result: { is_bot: true, ...fixed.result } };
      }
      return json(fixed);
    };
    next();
  });
}

/**
 * getUpdates as Telegram answers it: the updates not yet confirmed, from `offset` on (at most
 * `limit`); asking for an offset confirms, and forgets, every update below it. An empty poll
 * waits (a little) for a user's update instead of answering at once.
 */
function heldPolls(app, server) {
  app.all('/bot:token/getUpdates', (req, res) => {
    const token = req.params.token;
    const params = { ...req.query, ...req.body };
    const offset = Math.max(0, Number(params.offset || 0));
    const limit = Math.min(100, Math.max(1, Number(params.limit || 100)));
    server.storage.userMessages.forEach((u) => {
      if (u.botToken === token && u.updateId < offset) {
        u.isRead = true; // confirmed: forgotten
      }
    });
    const pending = () => server.storage.userMessages.filter((u) => u.botToken === token && !u.isRead && u.updateId >= offset);
    const answer = () => res.json({ ok: true, result: pending().slice(0, limit).map((u) => TelegramServer.formatUpdate(u)) });
    if (Number(params.timeout || 0) <= 0 || pending().length > 0) {
      answer();
      return;
    }
    let done = false;
    const finish = () => {
      if (done) {
        return;
      }
      done = true;
      clearTimeout(timer);
      USER_EVENTS.forEach((e) => server.off(e, onUpdate));
      if (!res.destroyed && !req.socket.destroyed) {
        answer();
      }
    };
    const onUpdate = () => {
      if (pending().length > 0) {
        finish();
      }
    };
    const timer = setTimeout(finish, Math.min(Number(params.timeout) * 1000, HOLD_EMPTY_POLL_MS));
    USER_EVENTS.forEach((e) => server.on(e, onUpdate));
    res.on('close', finish);
  });
}

/** getChatMember answered from a table; sendMessage refused for chats told to refuse. */
function testControls(app) {
  const members = new Map();
  const refusals = new Map();
  const key = (token, chatId, userId) => `${token}|${chatId}|${userId}`;
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
    const p = { ...req.query, ...req.body };
    const refusal = refusals.get(`${req.params.token}|${p.chat_id}`);
    if (refusal === undefined) {
      next();
      return;
    }
    res.status(refusal.code).json({ ok: false, error_code: refusal.code, description: refusal.description });
  });
  app.all('/bot:token/getChatMember', (req, res, next) => {
    const p = { ...req.query, ...req.body };
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
}

/** Starts the adapted emulator on 127.0.0.1:port; resolves to the running server. */
async function start(port) {
  // The emulator registers these route functions, in order, when it is constructed.
  routes.unshift(botAnswers, heldPolls, testControls);
  const server = new TelegramServer({ port, host: '127.0.0.1', storeTimeout: 600 });
  await server.start();
  return server;
}

module.exports = { start };

if (require.main === module) {
  const args = process.argv.slice(2);
  const port = Number(args.find((a) => /^\d+$/.test(a)) || 8081);
  start(port)
    .then(() => console.log(`READY ${port}`))
    .catch((e) => {
      console.error(`the Telegram emulator did not start on 127.0.0.1:${port}: ${e.message}`);
      process.exit(1);
    });
  if (args.includes('--exit-with-stdin')) {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    process.stdin.resume();
  }
}
