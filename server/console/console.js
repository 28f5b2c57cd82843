// The demo agent console: lists the conversations, embeds Customer Summary
// in an iframe and speaks the protocol of docs/embedding.md with it. Data
// from the network and from the app is rendered with textContent only.

const PROTOCOL_VERSION = 1;

const frame = document.getElementById('summary');
const list = document.getElementById('sessions');
const listStatus = document.getElementById('sessions-status');
const log = document.getElementById('log');
const theme = document.getElementById('theme');
const agent = document.getElementById('agent');

/** The app's exact origin, from /console-config.json; null until loaded. */
let appOrigin = null;
/** The conversation the agent selected. */
let selectedId = null;
/** Whether the app said `ready` (posting earlier would be lost). */
let appReady = false;

/** A token the API accepts for the agent picked, from this console's server. */
async function freshToken() {
  const response = await fetch('/token', {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ agent: agent.value }),
  });
  if (!response.ok) throw new Error(`POST /token: HTTP ${response.status}`);
  const body = await response.json();
  return typeof body.access_token === 'string' ? body.access_token : null;
}

/** Tells the app which conversation to show, with a fresh token. */
async function sendContext() {
  if (!appReady || selectedId === null) return;
  const token = await freshToken();
  // Read after the await: the agent may have switched meanwhile.
  const message = {
    type: 'customer-summary:context',
    version: PROTOCOL_VERSION,
    conversation_id: selectedId,
  };
  if (token !== null) message.access_token = token;
  if (theme.value !== '') message.theme = theme.value;
  frame.contentWindow.postMessage(message, appOrigin); // exact origin, never '*'
}

function addLog(text) {
  const item = document.createElement('li');
  item.textContent = text;
  log.prepend(item);
}

function isId(value) {
  return Number.isSafeInteger(value) && value > 0;
}

/** "Conversation 12: customer contact 5, case 3", or null if malformed. */
function describeLinks(message) {
  const links = message.links;
  if (!isId(message.conversation_id) || typeof links !== 'object' || links === null) return null;
  const { customer, case_id: caseId } = links;
  let customerText = 'no customer';
  if (customer !== null) {
    if (typeof customer !== 'object' || !['contact', 'account'].includes(customer.kind) ||
        !isId(customer.id)) return null;
    customerText = `customer ${customer.kind} ${customer.id}`;
  }
  if (caseId !== null && !isId(caseId)) return null;
  const caseText = caseId === null ? 'no case' : `case ${caseId}`;
  return `Conversation ${message.conversation_id}: ${customerText}, ${caseText}`;
}

function report(error) {
  console.error(error);
  addLog(`Error: ${error.message}`);
}

window.addEventListener('message', (event) => {
  // Exact origin and source checks: never trust other windows.
  if (appOrigin === null || event.origin !== appOrigin || event.source !== frame.contentWindow) {
    return;
  }
  const message = event.data;
  if (typeof message !== 'object' || message === null || message.version !== PROTOCOL_VERSION) {
    console.warn('Ignored a message of an unknown shape or version', message);
    return;
  }
  switch (message.type) {
    case 'customer-summary:ready':
      appReady = true;
      sendContext().catch(report);
      break;
    case 'customer-summary:token-request':
      sendContext().catch(report);
      break;
    case 'customer-summary:height':
      if (Number.isSafeInteger(message.height) && message.height > 0) {
        frame.style.height = `${Math.min(message.height, 100000)}px`;
      }
      break;
    case 'customer-summary:links-changed': {
      const line = describeLinks(message);
      if (line === null) console.warn('Ignored a malformed links-changed message', message);
      else addLog(line);
      break;
    }
    default:
      console.warn('Ignored a message of an unknown type', message.type);
  }
});

/** Marks `id` as selected and shows it in the app, without reloading it. */
function select(id) {
  selectedId = id;
  for (const button of list.querySelectorAll('button')) {
    button.setAttribute('aria-current', String(button.dataset.id === String(id)));
  }
  sendContext().catch(report);
}

function renderConversations(conversations) {
  for (const conversation of conversations) {
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'console-session';
    button.dataset.id = String(conversation.id);
    button.setAttribute('aria-current', 'false');
    const title = document.createElement('span');
    title.textContent = `${conversation.id}. ${conversation.title}`;
    const meta = document.createElement('span');
    meta.className = 'console-session__meta';
    meta.textContent = `${conversation.channel}, ${conversation.status}`;
    button.append(title, ' ', meta);
    button.addEventListener('click', () => select(conversation.id));
    const item = document.createElement('li');
    item.append(button);
    list.append(item);
  }
}

async function loadConversations() {
  const token = await freshToken();
  const headers = token === null ? {} : { Authorization: `Bearer ${token}` };
  const response = await fetch(`${appOrigin}/api/v1/conversations`, { headers });
  if (!response.ok) throw new Error(`GET /api/v1/conversations: HTTP ${response.status}`);
  const conversations = await response.json();
  return conversations.filter((conversation) => isId(conversation.id));
}

/** Fills the agent picker; the first agent is picked. */
function renderAgents(agents) {
  for (const { id, name } of agents) {
    if (typeof id !== 'string' || typeof name !== 'string') continue;
    const option = document.createElement('option');
    option.value = id;
    option.textContent = name;
    agent.append(option);
  }
}

async function start() {
  const response = await fetch('/console-config.json');
  if (!response.ok) throw new Error(`/console-config.json: HTTP ${response.status}`);
  const settings = await response.json();
  appOrigin = settings.app_origin;
  renderAgents(Array.isArray(settings.agents) ? settings.agents : []);
  const conversations = await loadConversations();
  renderConversations(conversations);
  listStatus.textContent = `${conversations.length} conversations`;
  if (conversations.length === 0) return;
  select(conversations[0].id);
  frame.src = `${appOrigin}/?conversation=${encodeURIComponent(conversations[0].id)}`;
}

start().catch((error) => {
  console.error(error);
  listStatus.textContent = `The console could not start: ${error.message}`;
});

// A console may choose the app's theme; the app follows each context sent.
theme.addEventListener('change', () => sendContext().catch(report));
// Another agent signs in: the app gets their token with the next context.
agent.addEventListener('change', () => {
  addLog(`Signed in as ${agent.selectedOptions[0]?.textContent ?? agent.value}`);
  sendContext().catch(report);
});
