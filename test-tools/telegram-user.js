#!/usr/bin/env node
// A Telegram user writing to the bot through the local emulator (telegram-emulator.js):
// sends one message (a command when it starts with "/"), waits for the bot's replies and
// prints them as plain text.
//
//   node test-tools/telegram-user.js [--url http://127.0.0.1:8081] [--token TOKEN] [--chat ID] [--wait SECONDS] TEXT
//
// The token defaults to $CHATBOT_TELEGRAM_TOKEN (the bot's; the emulator keeps each bot's
// chats apart by it), the chat to 1 (a private chat with user 1), the wait to 30 seconds for
// the first reply. Replies that follow within 2 seconds of each other are printed too.
// Exits 1 when no reply came.
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(name);
  if (i < 0) {
    return fallback;
  }
  const [, value] = args.splice(i, 2);
  return value;
};
const url = option('--url', 'http://127.0.0.1:8081');
const token = option('--token', process.env.CHATBOT_TELEGRAM_TOKEN);
const chatId = Number(option('--chat', '1'));
const waitSeconds = Number(option('--wait', '30'));
const text = args.join(' ');
if (!token || !text) {
  console.error('usage: telegram-user.js [--url URL] [--token TOKEN] [--chat ID] [--wait SECONDS] TEXT'
    + ' (the token defaults to $CHATBOT_TELEGRAM_TOKEN)');
  process.exit(2);
}

async function post(path, body) {
  const response = await fetch(url + path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) {
    throw new Error(`${path} answered ${response.status}: ${await response.text()}`);
  }
  return response.json();
}

/** Telegram HTML as a terminal shows it: tags dropped, entities decoded. */
function plain(html) {
  return html.replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const user = { id: chatId, first_name: '用户', is_bot: false };
  const message = {
    botToken: token,
    from: user,
    chat: { id: chatId, type: 'private', first_name: '用户' },
    date: Math.floor(Date.now() / 1000),
    text,
  };
  if (text.startsWith('/')) {
    const end = text.indexOf(' ');
    message.entities = [{ type: 'bot_command', offset: 0, length: end < 0 ? text.length : end }];
  }
  await post(text.startsWith('/') ? '/sendCommand' : '/sendMessage', message);
  let replies = 0;
  let deadline = Date.now() + waitSeconds * 1000;
  while (Date.now() < deadline) {
    const { result } = await post('/getUpdates', { token, chatId: String(chatId) });
    for (const update of result) {
      const sent = update.message;
      console.log(plain(String(sent.text || '')));
      const buttons = ((sent.reply_markup || {}).inline_keyboard || []).flat().map((b) => `[${b.text}]`);
      if (buttons.length > 0) {
        console.log(buttons.join(' '));
      }
      console.log();
      replies++;
      deadline = Date.now() + 2000;
    }
    await sleep(200);
  }
  if (replies === 0) {
    console.error(`no reply within ${waitSeconds} s: is the bot running with CHATBOT_TELEGRAM_API_URL=${url}`
      + ' and this token?');
    process.exit(1);
  }
}

main().catch((e) => {
  console.error(`error: ${e.message} (is the emulator running at ${url}?)`);
  process.exit(1);
});
