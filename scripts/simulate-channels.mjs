// Channel simulator: feeds a running server with realistic conversations
// through the intake API (/api/v1/intake), as a chat widget, an IVR, an SMS
// gateway, a social inbox and a mailbox would, for demos and load. Chats go
// on sending self-service steps for a few seconds after they are created.
// About half the customers are contacts of the demo seed, so recognition
// finds one of them, or several namesakes; the others are made up.
//
//   make simulate                  (in another terminal, beside make run;
//                                   options as ARGS="--rate 30 --quiet")
//   node scripts/simulate-channels.mjs --rate 30 --count 100
//   node scripts/simulate-channels.mjs --help
//
// Node 18 or later, no dependencies. The key is the channel key: --key,
// CS_CHANNEL_KEY, or the file data/channel-key.
import { randomInt, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const USAGE = `Usage: node scripts/simulate-channels.mjs [options]

Feeds a running server with simulated conversations (chat, voice, SMS,
social, e-mail) through the intake API, until --count or Ctrl-C.

Options:
  --url URL        server base URL (default $CS_URL or http://127.0.0.1:8080)
  --key KEY        channel key (default $CS_CHANNEL_KEY, else --key-file)
  --key-file PATH  file holding the channel key (default data/channel-key)
  --rate N         conversations per minute (default 6)
  --count N        stop after N conversations (default: run until Ctrl-C)
  --seed N         seed of the pseudo-random sequence, for a repeatable run
  --quiet          print only errors and the summary
  --help           this text

Exit status: 0 when every request succeeded, 1 when some failed, 2 on bad
options, a refused key or a server that cannot be reached.`;

const DEFAULT_URL = 'http://127.0.0.1:8080';
const DEFAULT_KEY_FILE = 'data/channel-key';
const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

// Retries: network errors and 5xx up to MAX_TRIES in all, with backoff;
// 429 waits for Retry-After up to MAX_RATE_LIMIT_WAITS times.
const MAX_TRIES = 4;
const MAX_RATE_LIMIT_WAITS = 10;
const REQUEST_TIMEOUT_MS = 15_000;

// What send() answers when the conversation is closed (409 conversation_closed).
const CLOSED = Symbol('conversation closed');

// ---------------------------------------------------------------- options

function fail(message) {
  console.error(message);
  process.exit(2);
}

function readOptions(argv) {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        'key-file': { type: 'string' },
        rate: { type: 'string', default: '6' },
        count: { type: 'string' },
        seed: { type: 'string' },
        quiet: { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    fail(`${error.message}\n\n${USAGE}`);
  }
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const rate = Number(values.rate);
  if (!(rate > 0 && Number.isFinite(rate))) fail(`--rate must be a positive number, not ${values.rate}`);
  const count = values.count === undefined ? Infinity : Number(values.count);
  if (!(count === Infinity || (Number.isInteger(count) && count > 0))) {
    fail(`--count must be a positive whole number, not ${values.count}`);
  }
  const seed = values.seed === undefined ? randomInt(2 ** 32) : Number(values.seed);
  if (!Number.isInteger(seed)) fail(`--seed must be a whole number, not ${values.seed}`);
  return {
    url: baseUrl(values.url ?? process.env.CS_URL ?? DEFAULT_URL),
    ...channelKey(values.key, values['key-file']),
    rate,
    count,
    seed: seed >>> 0,
    quiet: values.quiet,
  };
}

function baseUrl(text) {
  try {
    const url = new URL(text);
    if (url.protocol === 'http:' || url.protocol === 'https:') return url.href.replace(/\/+$/, '');
  } catch {
    // Reported below.
  }
  return fail(`--url must be an http(s) URL, not ${text}`);
}

// --key, else CS_CHANNEL_KEY, else the key file's content; trimmed.
function channelKey(given, keyFile) {
  if (given?.trim()) return { key: given.trim(), keySource: '--key' };
  const fromEnv = process.env.CS_CHANNEL_KEY?.trim();
  if (fromEnv) return { key: fromEnv, keySource: 'CS_CHANNEL_KEY' };
  const path = keyFile ? resolve(keyFile) : resolve(REPO_ROOT, DEFAULT_KEY_FILE);
  let key = '';
  try {
    key = readFileSync(path, 'utf8').trim();
  } catch (error) {
    if (error.code !== 'ENOENT') fail(`Cannot read the channel key from ${path}: ${error.message}`);
  }
  if (!key) fail(`No channel key: pass --key, set CS_CHANNEL_KEY, or write it to ${path}.`);
  return { key, keySource: path };
}

// ------------------------------------------------------------ randomness

// mulberry32: a small PRNG, so that --seed repeats a run's conversations.
function mulberry32(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function prng(seed) {
  const next = mulberry32(seed);
  const int = (low, high) => low + Math.floor(next() * (high - low + 1)); // low..=high
  return {
    int,
    chance: (percent) => next() * 100 < percent,
    pick: (list) => list[Math.floor(next() * list.length)],
    // One of [value, weight] pairs, by weight.
    weighted(pairs) {
      let roll = next() * pairs.reduce((sum, [, weight]) => sum + weight, 0);
      for (const [value, weight] of pairs) {
        if ((roll -= weight) < 0) return value;
      }
      return pairs[pairs.length - 1][0];
    },
    // `n` distinct elements, in random order.
    sample(list, n) {
      const copy = [...list];
      for (let i = 0; i < n; i++) {
        const j = int(i, copy.length - 1);
        [copy[i], copy[j]] = [copy[j], copy[i]];
      }
      return copy.slice(0, n);
    },
    hex: (length) => Array.from({ length }, () => Math.floor(next() * 16).toString(16)).join(''),
  };
}

// ------------------------------------------------------------- customers

// Contacts of the demo seed: the named contacts of server/src/seed/people.rs
// (NAMED) and a few drawn ones, with an active case from
// server/src/seed/cases.rs. Names and e-mails follow from that code; mobile
// numbers and ticket numbers are drawn by the seed's fixed-seed Rng and were
// read off a replay of its draws (Zoë's mobile is also in model/src/forms.rs).
// Every one of them and their case is active; language, location and the
// case's queue are this script's choice. Recognition matches each of this
// first group to exactly one contact.
const SEEDED_UNIQUE = [
  {
    name: 'Zoë Lefèvre', email: 'zoe.lefevre@contoso-pharmaceuticals.example', phone: '+337000174984',
    language: 'fr-FR', location: 'Lyon, France',
    case: { ticket: 'CAS-01001-5Q2T', title: 'Refund not received for order 48213', queue: 'Returns' },
  },
  {
    name: 'José Álvarez', email: 'jose.alvarez@litware-foods.example', phone: '+347000787291',
    language: 'es-ES', location: 'Madrid, Spain',
    case: { ticket: 'CAS-01159-H6FW', title: 'Question about Premium Support renewal', queue: 'Billing' },
  },
  {
    name: 'ليلى حداد', email: 'layla.haddad@blue-yonder-pharmaceuticals.example', phone: '+207001305040',
    language: 'ar-EG', location: 'Cairo, Egypt',
    case: { ticket: 'CAS-01328-W7P4', title: 'Order 63021 delayed by more than a week', queue: 'Orders' },
  },
  {
    name: 'Okonkwo', email: 'okonkwo@relecloud-airlines.example', phone: '+2347004290650',
    language: 'en-GB', location: 'Lagos, Nigeria',
    case: { ticket: 'CAS-01078-4GE4', title: 'Cascade Water Filter makes a loud noise', queue: 'Technical support' },
  },
  {
    name: 'Evelyn Martinez', email: 'evelyn.martinez@proseware-manufacturing.example', phone: '+17000891832',
    language: 'en-US', location: 'Seattle, United States',
    case: { ticket: 'CAS-01268-7T2E', title: 'Refund not received for order 47203', queue: 'Returns' },
  },
  {
    name: 'Mia Nowak', email: 'mia.nowak@outlook.example', phone: '+337000913547',
    language: 'fr-FR', location: 'Paris, France',
    case: { ticket: 'CAS-01290-QMRB', title: 'Warranty claim for Pulse Fitness Band', queue: 'Returns' },
  },
];
// Seeded namesakes: two active contacts share each name (150 and 151, 35 and
// 194), so a Name answer makes recognition find several.
const SEEDED_NAMESAKES = [
  {
    name: 'Maria Garcia', email: 'maria.garcia@bellows-airlines.example', phone: '+347015060030',
    language: 'es-ES', location: 'Madrid, Spain',
    case: { ticket: 'CAS-01469-N2EV', title: 'Billing address update', queue: 'Billing' },
  },
  {
    name: 'Maria Garcia', email: 'mgarcia@contoso-pharmaceuticals.example', phone: '+527015101196',
    language: 'es-MX', location: 'Ciudad de México, Mexico',
    case: { ticket: 'CAS-01169-AU5R', title: 'Missing parts in order 32695', queue: 'Orders' },
  },
  {
    name: 'Amara Müller', email: 'amara.muller@coho-energy.example', phone: '+17003533430',
    language: 'en-US', location: 'Austin, United States',
    case: { ticket: 'CAS-01455-R79X', title: 'Nimbus Wi-Fi Router arrived damaged', queue: 'Returns' },
  },
  {
    name: 'Amara Müller', email: 'amara.muller@humongous-media.example', phone: '+347019473907',
    language: 'es-ES', location: 'Madrid, Spain',
    case: { ticket: 'CAS-01285-JA3D', title: 'Cannot sign in to the customer portal', queue: 'Technical support' },
  },
];
const SEEDED = [...SEEDED_UNIQUE, ...SEEDED_NAMESAKES];

// Made-up people: no seeded contact has their names, e-mails or numbers.
const INVENTED = [
  { name: 'Aisha Khan', email: 'aisha.khan@mail.example', phone: '+447700900123',
    language: 'en-GB', location: 'Leeds, United Kingdom' },
  { name: 'Bruno Ferrari', email: 'b.ferrari@posta.example', phone: '+393471234567',
    language: 'it-IT', location: 'Torino, Italy' },
  { name: 'Keiko Suzuki', email: 'keiko.suzuki@mail.example', phone: '+819012345678',
    language: 'ja-JP', location: 'Osaka, Japan' },
  { name: 'Pierre-Luc Tremblay', email: 'pl.tremblay@inbox.example', phone: '+15145550142',
    language: 'fr-CA', location: 'Montréal, Canada' },
  { name: 'رانيا صالح', email: 'rania.saleh@mail.example', phone: '+201001234567',
    language: 'ar-EG', location: 'Alexandria, Egypt' },
  { name: 'Sven Lindqvist', email: 'sven.lindqvist@posta.example', phone: '+46701234567',
    language: 'sv-SE', location: 'Göteborg, Sweden' },
  { name: 'Lucía Moreno', email: 'lucia.moreno@correo.example', phone: '+525512345678',
    language: 'es-MX', location: 'Guadalajara, Mexico' },
  { name: 'Jonas Becker', email: 'jonas.becker@mail.example', phone: '+4917612345678',
    language: 'de-DE', location: 'Hamburg, Germany' },
  { name: 'Dev Kapoor', email: 'dev.kapoor@inbox.example', phone: '+919812345678',
    language: 'en-IN', location: 'Bengaluru, India' },
  { name: 'Marta Zielińska', email: 'marta.zielinska@poczta.example', phone: '+48601234567',
    language: 'pl-PL', location: 'Kraków, Poland' },
  { name: "Tom O'Neill", email: 'tom.oneill@mail.example', phone: '+16175550187',
    language: 'en-US', location: 'Boston, United States' },
  { name: 'Beatriz Souza', email: 'beatriz.souza@correio.example', phone: '+5581987654321',
    language: 'pt-BR', location: 'Recife, Brazil' },
];

// Per visitor language: the routing skill, the currency, and a request in
// that language ({order} and {product} filled in) where there is one.
const LOCALES = {
  'en-US': { skill: 'English', currency: 'USD' },
  'en-GB': { skill: 'English', currency: 'GBP' },
  'en-IN': { skill: 'English', currency: 'INR' },
  'fr-FR': {
    skill: 'French', currency: 'EUR',
    request: 'Bonjour, j’ai un souci avec ma commande {order} ({product}). Pouvez-vous m’aider ?',
  },
  'fr-CA': {
    skill: 'French', currency: 'CAD',
    request: 'Bonjour, ma commande {order} n’est toujours pas arrivée. Merci de me revenir rapidement.',
  },
  'de-DE': {
    skill: 'German', currency: 'EUR',
    request: 'Hallo, ich habe ein Problem mit meiner Bestellung {order} ({product}). Können Sie mir helfen?',
  },
  'es-ES': {
    skill: 'Spanish', currency: 'EUR',
    request: 'Hola, tengo un problema con mi pedido {order} ({product}). ¿Me pueden ayudar?',
  },
  'es-MX': {
    skill: 'Spanish', currency: 'MXN',
    request: 'Hola, mi pedido {order} no ha llegado y ya pasaron dos semanas.',
  },
  'ja-JP': { skill: 'Japanese', currency: 'JPY', request: '注文{order}（{product}）について問題があります。確認していただけますか？' },
  'ar-EG': {
    skill: 'Arabic', currency: 'EGP',
    request: 'مرحبًا، لدي مشكلة في الطلب رقم {order} ({product}). هل يمكنكم مساعدتي؟',
  },
  'pt-BR': {
    skill: 'English', currency: 'BRL',
    request: 'Olá, tenho um problema com o pedido {order} ({product}). Podem me ajudar?',
  },
  'pl-PL': {
    skill: 'English', currency: 'PLN',
    request: 'Dzień dobry, mam problem z zamówieniem {order} ({product}).',
  },
  'sv-SE': {
    skill: 'English', currency: 'SEK',
    request: 'Hej, jag har problem med min beställning {order}. Kan ni hjälpa mig?',
  },
  'it-IT': {
    skill: 'English', currency: 'EUR',
    request: 'Buongiorno, ho un problema con l’ordine {order} ({product}). Potete aiutarmi?',
  },
};

// --------------------------------------------------------------- stories

const SHOP = 'https://shop.example';
const HELP = 'https://help.shop.example';

// Products of the demo seed (server/src/seed/words.rs, PRODUCTS).
const PRODUCTS = [
  'Aurora Smart Thermostat',
  'Nimbus Wi-Fi Router',
  'Nimbus Mesh Extender',
  'Vela Espresso Machine',
  'Orion Laptop 14',
  'Cascade Water Filter',
  'Zephyr Air Purifier',
  'Pulse Fitness Band',
];

// What customers get in touch about: title, a short message (SMS, social),
// the products it can be about (default: any), queue, skills, the IVR menu
// path a caller takes, the request, and the self-service steps on the way:
// pages [title, path], search phrases, knowledge articles [title, id] and
// custom actions. {order}, {invoice}, {product} and {slug} are filled in.
const TOPICS = [
  {
    title: 'Order {order} never arrived',
    short: 'Hi, order {order} still has not arrived. Can someone call me?',
    queue: 'Orders',
    skills: [],
    ivr: 'Orders > Delivery status',
    request:
      'I ordered a {product} two weeks ago (order {order}) and it still has not arrived.\n' +
      'The tracking page has said "in transit" since last Tuesday.',
    pages: [['Order {order} – order details', '/account/orders/{order}'], ['Track your parcel', '/track?order={order}']],
    searches: ['where is my order', 'tracking not updating'],
    articles: [['How long does delivery take?', 'KA-00218']],
    actions: ['Opened the tracking page for order {order}'],
  },
  {
    title: 'Charged twice for order {order}',
    short: 'You charged my card twice for order {order}!!',
    queue: 'Billing',
    skills: ['Billing'],
    ivr: 'Billing > Payments',
    request: 'My card was charged twice for order {order}, but I only placed it once. Please refund the second payment.',
    pages: [['Payment methods', '/account/payments'], ['Order {order} – order details', '/account/orders/{order}']],
    searches: ['charged twice', 'duplicate payment'],
    articles: [['Why do I see two charges?', 'KA-00733']],
    actions: ['Downloaded invoice {invoice}'],
  },
  {
    title: 'Refund for order {order} not received',
    short: 'Where is my refund for order {order}? Sent the {product} back 3 weeks ago',
    queue: 'Returns',
    skills: ['Refunds'],
    ivr: 'Billing > Refunds',
    request:
      'I sent the {product} back three weeks ago and the return was delivered, ' +
      'but the refund for order {order} has not arrived.\n\nCould you check what is going on?',
    pages: [['Returns & refunds', '/account/returns'], ['Return for order {order} – status', '/account/returns/{order}']],
    searches: ['refund not received', 'how long does a refund take'],
    articles: [['How long do refunds take?', 'KA-01042']],
    actions: ['Opened the return status for order {order}'],
  },
  {
    title: 'How do I return my {product}?',
    short: 'How do I return a {product} without the box?',
    queue: 'Returns',
    skills: ['Refunds'],
    ivr: 'Returns > Start a return',
    request: 'The {product} does not fit where I wanted it. Can I still return it? I no longer have the original box.',
    pages: [['Returns policy', '/help/returns'], ['{product}', '/products/{slug}']],
    searches: ['return without box', 'return label'],
    articles: [['Returning an item without its packaging', 'KA-00391']],
    actions: ['Started a return', 'Printed a return label'],
  },
  {
    title: '{product} keeps disconnecting',
    short: 'My {product} keeps dropping the wifi since the update',
    products: ['Nimbus Wi-Fi Router', 'Nimbus Mesh Extender', 'Aurora Smart Thermostat', 'Zephyr Air Purifier'],
    queue: 'Technical support',
    skills: ['Networking', 'Tier 2'],
    ivr: 'Technical support > Connectivity',
    request:
      'Since the last update my {product} drops the Wi-Fi connection several times an hour. ' +
      'I already restarted it and the router.',
    pages: [['{product} – support', '/support/products/{slug}'], ['Firmware downloads', '/support/firmware']],
    searches: ['{product} disconnects', 'firmware update'],
    articles: [['Reset your router to factory settings', 'KA-00412'], ['Fixing Wi-Fi drop-outs', 'KA-00871']],
    actions: ['Downloaded firmware 4.2.1', 'Ran the connection check'],
  },
  {
    title: 'Cannot pair {product} with the app',
    short: 'The app cannot find my {product}, the light keeps blinking blue',
    products: ['Aurora Smart Thermostat', 'Pulse Fitness Band', 'Zephyr Air Purifier', 'Nimbus Mesh Extender'],
    queue: 'Technical support',
    skills: ['Smart home'],
    ivr: 'Technical support > Smart home',
    request: 'The app cannot find my {product}. Bluetooth is on and the light is blinking blue. What else can I try?',
    pages: [['Download the app', '/app'], ['{product} – setup guide', '/support/products/{slug}/setup']],
    searches: ['pairing failed', '{product} blinking blue'],
    articles: [['Pairing a device with the mobile app', 'KA-00155']],
    actions: ['Opened the setup assistant'],
  },
  {
    title: 'Invoice {invoice} shows my old address',
    short: 'Need a corrected invoice {invoice}, it has my old address',
    queue: 'Billing',
    skills: ['Billing'],
    ivr: 'Billing > Invoices',
    request: 'Invoice {invoice} has my old billing address. I need a corrected invoice for my expense report, please.',
    pages: [['Invoices', '/account/invoices'], ['Addresses', '/account/addresses']],
    searches: ['change invoice address', 'corrected invoice'],
    articles: [['Updating your billing address', 'KA-00520']],
    actions: ['Downloaded invoice {invoice}', 'Edited the billing address'],
  },
  {
    title: 'Change the delivery address for order {order}',
    short: 'Can you send order {order} to my new address? Moving next week',
    queue: 'Orders',
    skills: [],
    ivr: 'Orders > Change an order',
    request: 'I am moving next week. Can you send order {order} to my new address instead? It has not shipped yet.',
    pages: [['Order {order} – order details', '/account/orders/{order}'], ['Addresses', '/account/addresses']],
    searches: ['change delivery address', 'edit order after checkout'],
    articles: [['Changing an order after checkout', 'KA-00277']],
    actions: ['Tried to edit order {order}'],
  },
];

const GENERIC_PAGES = [['Home', '/'], ['Help centre', '/help'], ['Contact us', '/contact'], ['Deals of the week', '/deals']];
const PLATFORMS = ['Instagram', 'Facebook Messenger', 'X', 'WhatsApp Business'];
const BROWSERS = ['Chrome 131', 'Edge 131', 'Firefox 133', 'Safari 18.1', 'Samsung Internet 27'];
const SYSTEMS = ['Windows 11', 'macOS 15', 'iOS 18', 'Android 15', 'Ubuntu 24.04'];
const CONSENT = 'I agree that this chat may be recorded for quality purposes';

// Valid but hostile text, now and then: the page must show it as text.
const HOSTILE = [
  '<b>not bold</b>',
  '<img src=x onerror=alert(1)>',
  '"quotes" & \'apostrophes\' & <angle brackets>',
  'مرحبًا، طلبي لم يصل بعد',
  '\u202Eesrever ni txet\u202C',
  '📦🚚💥 still waiting 🙃',
  'Z̷a̴l̶g̸o̵ text',
  "Robert'); DROP TABLE contacts;--",
  '{{constructor.constructor("alert(1)")()}}',
];

// Self-service type codes.
const PAGE_VISITED = 192350000;
const PHRASE_SEARCHED = 192350001;
const ARTICLE_VIEWED = 192350002;
const CUSTOM_ACTION = 192350100;
const CUSTOM_ACTION_SAMPLE = 192350003;

const SECOND = 1000;
const MINUTE = 60 * SECOND;

function fill(template, vars) {
  return template.replace(/\{(\w+)\}/g, (_, name) => vars[name]);
}

// `text` cut to `max` characters (code points), with an ellipsis.
function clip(text, max) {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}

function sometimesHostile(r, text, percent) {
  return r.chance(percent) ? `${text} ${r.pick(HOSTILE)}` : text;
}

const answer = (question, text, kind = 'single_line') => ({ question, answer: text, kind });
const variable = (name, value, displayable = true) => ({ name, value, displayable });
// A self-service step `ago` ms before it is sent; stamp() turns that into `at`.
const step = (type_code, title, url, ago) => ({ type_code, title, ...(url && { url }), ago });

function stamp(items) {
  const now = Date.now();
  return items.map(({ ago, ...item }) => ({ ...item, at: now - ago }));
}

// Who gets in touch, about what, in which language.
function story(r) {
  const person = r.chance(50) ? r.pick(SEEDED) : r.pick(INVENTED);
  const topic = r.pick(TOPICS);
  const product = r.pick(topic.products ?? PRODUCTS);
  const vars = {
    order: String(r.int(4000, 99999)),
    invoice: `INV-2025-${r.int(10000, 99999)}`,
    product,
    slug: product.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  };
  const locale = LOCALES[person.language];
  return {
    person,
    topic,
    vars,
    locale,
    queue: r.chance(5) ? null : topic.queue,
    skills: [...new Set([locale.skill, ...topic.skills])],
  };
}

function money(r, s) {
  const amount = r.int(1500, 60000) / 100;
  return new Intl.NumberFormat(s.person.language, { style: 'currency', currency: s.locale.currency }).format(amount);
}

const handleOf = (person) => `@${person.email.split('@')[0].replace(/[^a-z0-9]/g, '_')}`;

// One self-service step of the story, `ago` ms before it is sent.
function selfServiceStep(r, s, ago) {
  const { topic, vars } = s;
  switch (r.weighted([['page', 45], ['search', 25], ['article', 20], ['action', 10]])) {
    case 'page': {
      const [title, path] = r.chance(70) ? r.pick(topic.pages) : r.pick(GENERIC_PAGES);
      return step(PAGE_VISITED, sometimesHostile(r, fill(title, vars), 3), SHOP + fill(path, vars), ago);
    }
    case 'search': {
      const phrase = fill(r.pick(topic.searches), vars);
      const url = r.chance(50) ? `${SHOP}/search?q=${encodeURIComponent(phrase)}` : null;
      return step(PHRASE_SEARCHED, phrase, url, ago);
    }
    case 'article': {
      const [title, id] = r.pick(topic.articles);
      return step(ARTICLE_VIEWED, title, `${HELP}/kb/${id}`, ago);
    }
    default:
      return step(r.chance(80) ? CUSTOM_ACTION : CUSTOM_ACTION_SAMPLE, fill(r.pick(topic.actions), vars), null, ago);
  }
}

// `count` steps, oldest first, the newest `newestAgo` ms before sending.
function selfServiceSteps(r, s, count, newestAgo, spacing) {
  return Array.from({ length: count }, (_, i) => selfServiceStep(r, s, newestAgo + (count - 1 - i) * spacing));
}

// ---------------------------------------------------------------- plans

// A conversation to send: the create body and what follows it, each step
// after `delayMs`: a self-service batch (`items`) or a PATCH (`update`).
// Drawn all at once, so that --seed gives the same plans whatever the timing.
function plan(r) {
  const channel = r.weighted([['chat', 55], ['voice', 15], ['sms', 12], ['social', 12], ['email', 6]]);
  return PLANNERS[channel](r, story(r));
}

const PLANNERS = { chat: chatPlan, voice: voicePlan, sms: smsPlan, social: socialPlan, email: emailPlan };

function chatPlan(r, s) {
  const { person, vars } = s;
  const aboutCase = person.case && r.chance(30);
  const title = aboutCase ? `Follow-up: ${person.case.title}` : fill(s.topic.title, vars);
  let request = s.locale.request && r.chance(60) ? s.locale.request : s.topic.request;
  if (aboutCase) request = `I am writing about my case ${person.case.ticket} (${person.case.title}). Is there any news?`;
  const preChat = [answer('Name', person.name)];
  if (r.chance(80)) preChat.push(answer('Email', person.email));
  if (aboutCase) preChat.push(answer('CaseNumber', person.case.ticket));
  else if (r.chance(30)) preChat.push(answer('Phone', person.phone));
  else if (r.chance(25)) preChat.push(answer('Which product is this about?', vars.product, 'option'));
  preChat.push(answer('How can we help?', sometimesHostile(r, fill(request, vars), 8), 'multi_line'));
  if (r.chance(70)) preChat.push(answer(CONSENT, r.chance(90) ? 'true' : 'false', 'consent'));
  const visitor = {
    authenticated: r.chance(person.case ? 60 : 20),
    browser: r.pick(BROWSERS),
    os: r.pick(SYSTEMS),
    location: person.location,
    language: person.language,
  };
  return {
    create: {
      channel: 'chat',
      title: clip(sometimesHostile(r, title, 3), 200),
      queue: aboutCase ? person.case.queue : s.queue,
      skills: s.skills,
      pre_chat: preChat,
      self_service: selfServiceSteps(r, s, r.int(1, 4), r.int(20, 90) * SECOND, r.int(1, 4) * MINUTE),
      visitor,
      context: chatContext(r, s),
    },
    later: chatFollowUps(r, s, visitor),
  };
}

// 2 to 6 variables: a hidden session id and some of the others.
function chatContext(r, s) {
  const others = [
    variable('Cart value', money(r, s)),
    variable('Order number', s.vars.order),
    variable('Customer tier', r.chance(25) ? 'Premium' : 'Standard'),
    variable('Entry page', `${SHOP}/products/${s.vars.slug}`),
    variable('Device', r.pick(['Desktop', 'Mobile', 'Tablet'])),
    variable('Coupon code', sometimesHostile(r, 'WELCOME10', 20)),
    variable('Widget version', '4.12.0', false),
    variable('A/B variant', r.pick(['control', 'new-checkout']), false),
  ];
  const sessionId = `${r.hex(8)}-${r.hex(4)}-${r.hex(4)}-${r.hex(4)}-${r.hex(12)}`;
  return [variable('Session ID', sessionId, false), ...r.sample(others, r.int(1, 5))];
}

// 1 to 3 batches of 1 to 3 steps, a few seconds apart, and sometimes an
// update in between: the visitor signs in, or the cart changes.
function chatFollowUps(r, s, visitor) {
  const later = Array.from({ length: r.int(1, 3) }, () => ({
    delayMs: r.int(2, 6) * SECOND,
    items: selfServiceSteps(r, s, r.int(1, 3), 0, 1500),
  }));
  if (r.chance(40)) later.splice(r.int(1, later.length), 0, chatUpdate(r, s, visitor));
  return later;
}

function chatUpdate(r, s, visitor) {
  const delayMs = r.int(2, 5) * SECOND;
  if (!visitor.authenticated && r.chance(50)) {
    const context = [variable('Customer tier', r.chance(25) ? 'Premium' : 'Standard')];
    const update = { visitor: { ...visitor, authenticated: true }, context };
    return { delayMs, update, note: 'visitor (signed in) and context (Customer tier)' };
  }
  const changes = [
    variable('Cart value', money(r, s)),
    variable('Last page', `${SHOP}/checkout`),
    variable('Items in cart', String(r.int(1, 6))),
  ];
  const context = r.sample(changes, r.int(1, 2));
  return { delayMs, update: { context }, note: `context (${context.map((v) => v.name).join(', ')})` };
}

// An IVR: the caller's number, if shown, is the only pre-chat answer.
function voicePlan(r, s) {
  const { person } = s;
  const withheld = r.chance(15);
  const verified = !withheld && r.chance(30);
  let title = fill(s.topic.title, s.vars);
  if (withheld) title = 'Incoming call (number withheld)';
  else if (r.chance(50)) title = `Incoming call from ${person.phone}`;
  const others = [
    variable('Time in IVR', `${r.int(0, 3)} min ${r.int(5, 59)} s`),
    variable('Verified by PIN', verified ? 'Yes' : 'No'),
    variable('Call SID', `CA${r.hex(32)}`, false),
    variable('Trunk', r.pick(['sip-eu-west-1', 'sip-us-east-2']), false),
  ];
  return {
    create: {
      channel: 'voice',
      title,
      queue: s.queue,
      skills: s.skills,
      pre_chat: withheld ? [] : [answer('Phone', person.phone)],
      visitor: { authenticated: verified, language: person.language },
      context: [
        variable('IVR path', s.topic.ivr),
        variable('Caller ID', withheld ? 'Withheld' : person.phone),
        ...r.sample(others, r.int(1, 3)),
      ],
    },
    later: [],
  };
}

function smsPlan(r, s) {
  const { person } = s;
  const message = sometimesHostile(r, fill(s.topic.short, s.vars), 8);
  return {
    create: {
      channel: 'sms',
      title: clip(message, 60),
      queue: s.queue,
      skills: s.skills,
      pre_chat: [answer('Phone', person.phone), answer('Message', message, 'multi_line')],
      visitor: { authenticated: false, language: person.language },
      context: [
        variable('Sender', person.phone),
        variable('Gateway', 'SMS gateway eu-west'),
        variable('Message SID', `SM${r.hex(32)}`, false),
      ],
    },
    later: [],
  };
}

function socialPlan(r, s) {
  const { person } = s;
  const handle = handleOf(person);
  const platform = r.pick(PLATFORMS);
  const message = sometimesHostile(r, `@ShopExample ${fill(s.topic.short, s.vars)}${r.pick(['', '', ' 😤', ' 🙏'])}`, 8);
  const preChat = [answer('Handle', handle)];
  if (r.chance(60)) preChat.push(answer('Name', person.name));
  preChat.push(answer('Message', message, 'multi_line'));
  return {
    create: {
      channel: 'social',
      title: clip(`${platform}: ${message}`, 80),
      queue: s.queue,
      skills: s.skills,
      pre_chat: preChat,
      visitor: { authenticated: false, location: person.location, language: person.language },
      context: [
        variable('Platform', platform),
        variable('Handle', handle),
        variable('Profile', `https://social.example/${handle.slice(1)}`),
        variable('Thread ID', r.hex(20), false),
      ],
    },
    later: [],
  };
}

function emailPlan(r, s) {
  const { person } = s;
  const subject = `${r.pick(['', '', 'Re: ', 'Fwd: '])}${fill(s.topic.title, s.vars)}`;
  const files = r.pick(['photo.jpg', 'receipt.pdf, photo-2.heic', 'invoice.pdf']);
  const attachments = r.chance(40) ? [variable('Attachments', files)] : [];
  return {
    create: {
      channel: 'email',
      title: clip(subject, 200),
      queue: s.queue,
      skills: s.skills,
      pre_chat: [answer('Email', person.email), answer('Name', person.name)],
      visitor: { authenticated: false, language: person.language },
      context: [
        variable('Mailbox', 'support@shop.example'),
        variable('Subject', subject),
        ...attachments,
        variable('Message-ID', `<${r.hex(16)}@mail.example>`, false),
      ],
    },
    later: [],
  };
}

// ------------------------------------------------------------------ HTTP

class RequestFailed extends Error {}

const sleep = (ms) => new Promise((done) => setTimeout(done, Math.max(0, ms)));
const reason = (error) => error.cause?.code ?? error.cause?.message ?? error.name ?? String(error);

// One attempt: { status, ok, body, retryAfter }, status 0 when no answer came.
async function attempt(url, init) {
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    const text = await response.text();
    let body = null;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON, such as a proxy's error page: described by its status.
    }
    return { status: response.status, ok: response.ok, body, retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    return { status: 0, ok: false, reason: reason(error) };
  }
}

function describe(outcome) {
  if (outcome.status === 0) return `no answer (${outcome.reason})`;
  const error = outcome.body?.error;
  if (!error) return `HTTP ${outcome.status}`;
  return `${outcome.status} ${error.code}${error.field ? ` (${error.field})` : ''}: ${error.message}`;
}

// Retry-After in seconds or as an HTTP date; 1 s when absent, at most 60 s.
function retryAfterMs(header) {
  if (!header) return SECOND;
  const ms = /^\d+$/.test(header.trim()) ? Number(header) * SECOND : Date.parse(header) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60 * SECOND) : SECOND;
}

function refusedKey(client, outcome) {
  const detail = describe(outcome);
  if (outcome.status === 401) {
    fail(`The server at ${client.url} refused the channel key (${detail}). Check ${client.keySource}.`);
  }
  fail(
    `The credential from ${client.keySource} is not a channel key (${detail}): ` +
      "the intake API needs the channel key, not an agent's token.",
  );
}

// Sends one request, retrying network errors and 5xx (with the same
// Idempotency-Key) and 429s; answers the JSON body, or CLOSED when the
// conversation is closed; throws RequestFailed otherwise.
async function send(client, stats, method, path, body, idempotencyKey) {
  const headers = { authorization: `Bearer ${client.key}`, 'content-type': 'application/json' };
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  const init = { method, headers, body: JSON.stringify(body) };
  const target = `/api/v1/intake${path}`;
  let tries = 1;
  let waits = 0;
  for (;;) {
    stats.requests += 1;
    const outcome = await attempt(client.url + target, init);
    if (outcome.ok) return outcome.body;
    if (outcome.status === 401 || outcome.status === 403) refusedKey(client, outcome);
    if (outcome.body?.error?.code === 'conversation_closed') return CLOSED;
    let delay;
    if (outcome.status === 429 && waits < MAX_RATE_LIMIT_WAITS) {
      waits += 1;
      delay = retryAfterMs(outcome.retryAfter);
    } else if ((outcome.status === 0 || outcome.status >= 500) && tries < MAX_TRIES) {
      delay = 500 * 2 ** (tries - 1) + Math.random() * 250;
      tries += 1;
    } else {
      const after = tries > 1 ? ` after ${tries} tries` : '';
      throw new RequestFailed(`${method} ${target}: ${describe(outcome)}${after}`);
    }
    stats.retries += 1;
    await sleep(delay);
  }
}

// Any answer will do: only a server that cannot be reached stops the run.
async function checkReachable(url) {
  try {
    await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(5 * SECOND) });
  } catch (error) {
    fail(`Cannot reach the server at ${url} (${reason(error)}). Is it running (make run)? Or pass --url.`);
  }
}

// ------------------------------------------------------------- the run

// Creates the planned conversation, then sends what follows it until the
// plan ends, the conversation is closed or a request fails.
async function feed(client, stats, log, { create, later }) {
  let id = null;
  try {
    const body = create.self_service ? { ...create, self_service: stamp(create.self_service) } : create;
    ({ id } = await send(client, stats, 'POST', '/conversations', body, randomUUID()));
    stats.created += 1;
    log(`#${id} ${create.channel} ${JSON.stringify(create.title)} (${create.queue ?? 'no queue'})`);
    const batches = later.filter((next) => next.items).length;
    let batch = 0;
    for (const next of later) {
      await sleep(next.delayMs);
      const reply = next.items
        ? await send(client, stats, 'POST', `/conversations/${id}/self-service`, { items: stamp(next.items) }, randomUUID())
        : await send(client, stats, 'PATCH', `/conversations/${id}`, next.update);
      if (reply === CLOSED) {
        stats.closed += 1;
        log(`#${id} closed: no longer fed`);
        return;
      }
      if (next.items) {
        stats.batches += 1;
        batch += 1;
        log(`#${id} +${reply.added} self-service (batch ${batch} of ${batches})`);
      } else {
        stats.updates += 1;
        log(`#${id} updated ${next.note}`);
      }
    }
  } catch (error) {
    if (!(error instanceof RequestFailed)) throw error;
    stats.errors += 1;
    console.error(`${id === null ? `${create.channel} conversation` : `#${id}`}: ${error.message}`);
  }
}

// Starts a conversation every 60/rate seconds, on a fixed schedule, and
// waits for those still being fed once --count are started.
async function simulate(options, client, stats, log) {
  const r = prng(options.seed);
  const interval = MINUTE / options.rate;
  const sessions = new Set();
  for (let n = 0; n < options.count; n++) {
    await sleep(stats.startedAt + n * interval - Date.now());
    const session = feed(client, stats, log, plan(r)).finally(() => sessions.delete(session));
    sessions.add(session);
  }
  await Promise.all(sessions);
}

function summary(stats, seed) {
  const seconds = (Date.now() - stats.startedAt) / SECOND;
  const perSecond = seconds > 0 ? stats.requests / seconds : 0;
  return (
    `Created ${stats.created} conversations, ${stats.batches} self-service batches, ${stats.updates} updates ` +
    `(${stats.closed} closed before the end); ${stats.retries} retries, ${stats.errors} errors; ` +
    `${stats.requests} requests in ${seconds.toFixed(1)} s, ${perSecond.toFixed(2)} requests/s (seed ${seed}).`
  );
}

async function main() {
  const options = readOptions(process.argv.slice(2));
  const client = { url: options.url, key: options.key, keySource: options.keySource };
  const log = options.quiet ? () => {} : (line) => console.log(line);
  await checkReachable(options.url);
  const stats = { created: 0, batches: 0, updates: 0, closed: 0, retries: 0, errors: 0, requests: 0, startedAt: Date.now() };
  const finish = () => {
    console.log(summary(stats, options.seed));
    process.exit(stats.errors > 0 ? 1 : 0);
  };
  process.on('SIGINT', finish);
  const until = options.count === Infinity ? 'until Ctrl-C' : `${options.count} in all`;
  log(`Feeding ${options.url}: ${options.rate} conversations a minute, ${until} (seed ${options.seed}).`);
  await simulate(options, client, stats, log);
  finish();
}

await main();
