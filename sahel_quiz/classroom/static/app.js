/* The students' page: one WebSocket, one screen per protocol state (docs/protocol.md).
   The server is the only authority: the page never grades, never times, never learns an
   answer before the reveal; it draws what arrives and sends what the student chose.
   Server texts go in with textContent, never as HTML. */
import { WORDS } from "./i18n.js";

const TOKEN_KEY = "sahel-quiz-token";
const LANG_KEY = "sahel-quiz-lang";
const JOIN_ERRORS = ["wrong_pin", "name_invalid", "name_taken", "game_full", "game_over",
  "game_locked", "too_many_attempts"];
const PIN_ERRORS = ["wrong_pin", "too_many_attempts"];
const CLOSED_ERRORS = ["question_closed", "no_question", "wrong_question"];
const $ = (id) => document.getElementById(id);
const S = {
  lang: "en", token: null, pin: null, name: "", score: 0, deckLang: "", mode: "",
  screen: "", inGame: false, joining: null, q: null, ctl: [], pending: null, sent: false,
  locked: false, timeUp: false, timed: true, deadline: 0, order: [], list: null, stopped: false,
  closing: false
};

// words

/* Numbers as the reader writes them: 12,500 or 12 500 (the no-break space U+00A0 that every
   French text of sahel-quiz uses, where browsers put the narrow U+202F). */
function fmt(n) {
  return n.toLocaleString(S.lang === "fr" ? "fr-FR" : "en-GB").replace(/\u202f/g, "\u00a0");
}

function t(key, args) {
  const pair = key.split(".").reduce((o, k) => o && o[k], WORDS);
  let s = pair ? pair[S.lang === "fr" ? 1 : 0] : key;
  if (s.indexOf("|") >= 0 && args) {
    s = s.split("|")[(S.lang === "fr" ? args.n < 2 : args.n === 1) ? 0 : 1];
  }
  return s.replace(/\{(\w+)\}/g, (_, k) => {
    const v = args ? args[k] : null;
    return v == null ? "" : typeof v === "number" ? fmt(v) : String(v);
  });
}

/* Texts keep their key on their element (data-t text, data-l aria-label, data-a values):
   a language switch relabels the page in place, and a half-typed answer survives it. */
function label(node, key, args, aria) {
  node.setAttribute(aria ? "data-l" : "data-t", key);
  if (args) node.setAttribute("data-a", JSON.stringify(args));
  else node.removeAttribute("data-a");
  if (aria) node.setAttribute("aria-label", t(key, args));
  else node.textContent = t(key, args);
  return node;
}

function relabel() {
  document.querySelectorAll("[data-t],[data-l]").forEach((n) => {
    const args = JSON.parse(n.getAttribute("data-a") || "null");
    const key = n.getAttribute("data-t");
    if (key != null) n.textContent = t(key, args);
    else n.setAttribute("aria-label", t(n.getAttribute("data-l"), args));
  });
}

/* The server writes what it words (how to answer, true and false, the right answer) in the
   page's language: it is told on joining, and again here, and sends the screen again. */
function setLang(lang) {
  const changed = S.lang !== lang;
  S.lang = lang;
  store(LANG_KEY, lang);
  if (changed && S.inGame) send({ type: "lang", lang: lang });
  document.documentElement.lang = lang;
  document.querySelectorAll("[data-lang]").forEach((b) => {
    b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang));
  });
  relabel();
  drawMe();
}

// page helpers

/* el("p", {t: [key, args], cls}, [kids]); `l` is a translated aria-label. */
function el(tag, props, kids) {
  const node = document.createElement(tag);
  for (const k in props || {}) {
    const v = props[k];
    if (v == null || v === false) continue;
    if (k === "text") node.textContent = v;
    else if (k === "t" || k === "l") label(node, v[0], v[1], k === "l");
    else if (k === "cls") node.className = v;
    else node.setAttribute(k, v === true ? "" : v);
  }
  (kids || []).forEach((c) => c != null && node.append(c));
  return node;
}

function store(key, value) {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
  } catch (e) { /* private mode: the page works, it just forgets */ }
  return null;
}

function say(text) {
  const live = $("live");
  live.textContent = "";
  setTimeout(() => { live.textContent = text; }, 50);
}

/* One screen at a time; focus goes to its heading so a screen reader reads it. */
function show(name) {
  S.screen = name;
  document.querySelectorAll(".screen").forEach((s) => { s.hidden = s.id !== "s-" + name; });
  drawBanner();
  window.scrollTo(0, 0);
  const heading = $("s-" + name).querySelector("[tabindex='-1']");
  if (heading) heading.focus();
}

function fill(name, kids) {
  const sec = $("s-" + name);
  sec.textContent = "";
  kids.forEach((c) => c != null && sec.append(c));
  show(name);
  return sec;
}

function drawMe() {
  $("me").hidden = !S.name;
  $("me-name").textContent = S.name;
  $("me-score").textContent = fmt(S.score);
}

function drawBanner() {
  $("banner").hidden = S.inGame || S.stopped || S.screen === "wait" || S.screen === "end" ||
    !(S.token || S.joining);
}

// the connection

let ws = null;
let retries = 0;
let retryTimer = 0;
let lastSeen = 0;

function connect() {
  clearTimeout(retryTimer);
  retryTimer = 0;
  if (S.stopped || (ws && ws.readyState < 2)) return;
  const sock = new WebSocket(location.protocol.replace("http", "ws") + "//" + location.host + "/ws");
  ws = sock;
  sock.onopen = () => {
    retries = 0;
    lastSeen = Date.now();
    if (S.token) send({ type: "rejoin", token: S.token, lang: S.lang });
    else if (S.joining) send(Object.assign({ type: "join", lang: S.lang }, S.joining));
  };
  sock.onmessage = (e) => {
    if (ws !== sock) return;
    lastSeen = Date.now();
    let m = null;
    try { m = JSON.parse(e.data); } catch (x) { return; }
    if (m && typeof m.type === "string") handle(m);
  };
  sock.onclose = (e) => {
    if (ws !== sock) return;
    ws = null;
    S.inGame = false;
    closed(e.code);
  };
}

function send(msg) {
  if (!ws || ws.readyState !== 1) return false;
  ws.send(JSON.stringify(msg));
  return true;
}

/* A phone that slept may hold a socket that looks open and is dead: take a new one. */
function reconnectNow() {
  if (ws) {
    ws.onopen = ws.onmessage = ws.onclose = null;
    ws.close();
    ws = null;
  }
  S.inGame = false;
  retries = 0;
  connect();
  drawBanner();
}

/* The protocol's growing delay: 1 s, 2 s, 4 s, at most 10 s. */
function retry() {
  drawBanner();
  if (retryTimer || S.stopped) return;
  retryTimer = setTimeout(connect, Math.min(1000 * Math.pow(2, retries++), 10000));
}

function closed(code) {
  if (code === 4003 && !S.token && !S.joining) {
    // not joined within the server's deadline: a new socket is opened when the student joins
  } else if (code === 4001) {
    forget();
    gone("err.removed", "again");
  } else if (code === 4002) {
    gone("err.replaced", "here");
  } else if (S.closing && S.screen === "end") {
    S.stopped = true; // the game is over and the teacher stopped the server
    drawBanner();
  } else if (S.closing) {
    forget();
    gone("err.server_closing", "again");
  } else {
    retry();
  }
}

function wake() {
  if (S.stopped) return;
  if (!ws) return reconnectNow();
  const sock = ws;
  const before = Date.now();
  if (send({ type: "ping" })) {
    setTimeout(() => ws === sock && lastSeen < before && reconnectNow(), 4000);
  }
}

setInterval(() => {
  if (S.stopped || !ws || ws.readyState !== 1) return;
  const idle = Date.now() - lastSeen;
  if (idle > 45000) reconnectNow();
  else if (idle > 15000) send({ type: "ping" });
}, 5000);
document.addEventListener("visibilitychange", () => {
  if (document.visibilityState === "visible") wake();
});
window.addEventListener("online", wake);

function forget() {
  S.token = null;
  store(TOKEN_KEY, null);
}

function gone(key, button) {
  S.stopped = true;
  S.inGame = false;
  clearTimeout(retryTimer);
  retryTimer = 0;
  label($("gone-msg"), key);
  label($("gone-btn"), button).onclick = () => {
    S.stopped = S.closing = false;
    if (button === "here") {
      show("wait");
      reconnectNow();
    } else {
      showJoin();
      connect();
    }
  };
  show("gone");
}

// messages

function handle(m) {
  const on = {
    welcome: onWelcome, lobby: showLobby, question: showQuestion, answered: onAnswered,
    done: showDone, reveal: showReveal, leaderboard: showBoard, end: showEnd, error: onError
  }[m.type];
  if (on) on(m); // pong, and types a later server adds, are ignored
}

function onWelcome(m) {
  if (S.joining) S.pin = S.joining.pin;
  S.joining = null;
  S.inGame = true;
  S.token = m.token;
  S.name = m.name;
  S.score = m.score;
  S.mode = m.mode;
  S.deckLang = m.language || "";
  store(TOKEN_KEY, JSON.stringify({ token: S.token, pin: S.pin }));
  $("title").textContent = m.title;
  document.title = m.title + " · Sahel Quiz";
  busy(false);
  drawMe();
  drawBanner();
}

function onError(m) {
  const code = String(m.code);
  const key = "err." + code;
  const asking = S.screen === "question" && S.pending != null;
  if (JOIN_ERRORS.indexOf(code) >= 0 && S.joining) {
    S.joining = null;
    busy(false);
    joinError(key, PIN_ERRORS.indexOf(code) >= 0 ? "pin" : code === "game_locked" ? null
      : "name");
  } else if (code === "bad_token") {
    forget();
    showJoin();
    joinError(key);
  } else if (code === "server_closing") {
    S.closing = true;
  } else if (code === "join_timeout") {
    // the close that follows is quiet: the student may still be typing their name
  } else if (code === "removed" || code === "replaced") {
    // the close that follows says what to do
  } else if (code === "not_joined") {
    if (S.token) reconnectNow();
    else showJoin();
  } else if (code === "already_answered" && S.screen === "question") {
    setSent();
  } else if (asking) {
    S.pending = null; // a fixable answer may be sent again; a closed question may not
    lock(CLOSED_ERRORS.indexOf(code) >= 0);
    // the server's hint says how to answer instead, in this page's language (a number typed
    // in words: how to type it); a language switch relabels it with the code's own words
    status(key, typeof m.hint === "string" && m.hint ? cap(m.hint) : null);
  } else {
    say(t(key));
  }
}

// joining

function showJoin() {
  S.inGame = false;
  S.name = "";
  drawMe();
  label($("join-error"), "");
  busy(false);
  show("join");
  ($("pin").value ? $("name") : $("pin")).focus();
}

function busy(on) {
  $("join-btn").disabled = on;
  label($("join-btn"), on ? "joining" : "join");
}

function joinError(key, field) {
  label($("join-error"), key);
  ["pin", "name"].forEach((id) => {
    $(id).setAttribute("aria-invalid", String(id === field));
    $(id).setAttribute("aria-describedby",
      (id === "name" ? "name-hint " : "") + (id === field ? "join-error" : ""));
  });
  if (field) $(field).focus();
}

$("join-form").addEventListener("submit", (e) => {
  e.preventDefault();
  if (S.joining) return;
  const pin = $("pin").value.replace(/\s+/g, "");
  const name = $("name").value.normalize("NFC").trim().split(/\s+/).join(" ");
  if (!/^\d{6}$/.test(pin)) return joinError("pinBad", "pin");
  if (!name || Array.from(name).length > 20) return joinError("err.name_invalid", "name");
  label($("join-error"), "");
  S.joining = { pin: pin, name: name };
  busy(true);
  if (!send({ type: "join", pin: pin, name: name, lang: S.lang })) reconnectNow();
});

$("leave").addEventListener("click", () => {
  forget();
  reconnectNow();
  showJoin();
});

// lobby

function showLobby(m) {
  if (S.screen !== "lobby") {
    fill("lobby", [
      el("h1", { tabindex: "-1", t: ["welcome", { name: S.name }] }),
      el("p", { t: ["lobbyWait"] }),
      el("p", { id: "lobby-count", cls: "big" }),
      el("ul", { id: "lobby-names", cls: "chips" })]);
  }
  label($("lobby-count"), "players", { n: m.players });
  const names = $("lobby-names");
  names.textContent = "";
  (m.names || []).forEach((n) => names.append(el("li", { cls: n === S.name && "self", text: n })));
}

// a question

function showQuestion(m) {
  const same = S.screen === "question" && S.q.index === m.index && S.q.prompt === m.prompt;
  S.q = m;
  S.timed = m.timed !== false;
  S.deadline = Date.now() + m.remaining * 1000;
  S.timeUp = false;
  if (!same) {
    S.pending = null;
    S.sent = S.locked = false;
    buildQuestion(m);
  } else { // sent again: the teacher changed the clock, or the student the language
    $("timer").replaceWith(timerFor(m));
    $("tbar").parentNode.hidden = !m.timed;
    document.querySelectorAll("#s-question [data-hint]").forEach((n) => {
      n.textContent = cap(m.hint || "");
    });
  }
  if (m.answered) setSent();
  else if (S.pending != null) send({ type: "answer", question: m.index, response: S.pending });
  else if (same) { // back after a drop: the half-typed answer is still there
    S.sent = false;
    lock(false);
  }
  tick();
}

function qnum(m, tag) {
  return el(tag, { cls: "qnum", t: ["qnum", { n: m.index + 1, total: m.count }] });
}

function option(text, i, extra) {
  return el("button", Object.assign({ type: "button", cls: "opt c" + (i % 12) }, extra), [
    el("span", { cls: "letter", text: "ABCDEFGHIJKL"[i] }),
    el("span", { cls: "otext", lang: S.deckLang, text: text })]);
}

/* The server words how to answer, in the page's language (the same words as every other
   interface of sahel-quiz); `data-hint` marks where, for a language switch. */
function hint(m) {
  return el("p", { cls: "hint", "data-hint": "", text: cap(m.hint || "") });
}

function cap(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function buildQuestion(m) {
  const kind = m.card_type;
  const prompt = el("h1", { id: "prompt", tabindex: "-1", lang: S.deckLang, text: m.prompt });
  const ctl = [];
  let body;
  if (kind === "choice" || kind === "true_false") {
    body = el("div", { cls: "opts", role: "group", l: ["answers"] });
    const tf = kind === "true_false";
    (tf ? ["true", "false"] : m.options).forEach((text, i) => {
      const btn = tf ? el("button", { type: "button", cls: "opt tf c" + (3 - 3 * i) }, [
        el("span", { cls: "otext", t: [text] })]) : option(text, i);
      btn.onclick = () => submit(tf ? i === 0 : i, btn);
      ctl.push(btn);
      body.append(btn);
    });
  } else if (kind === "multi") {
    const opts = m.options.map((text, i) => {
      const btn = option(text, i, { "aria-pressed": "false" });
      btn.onclick = () => btn.setAttribute("aria-pressed",
        String(btn.getAttribute("aria-pressed") !== "true"));
      return btn;
    });
    body = form([hint(m), el("div", { cls: "opts", role: "group", l: ["answers"] }, opts)],
    () => opts.reduce((picks, b, i) =>
      b.getAttribute("aria-pressed") === "true" ? picks.concat([i]) : picks, []));
  } else if (kind === "order") {
    S.order = m.items.map((_, i) => i);
    S.list = el("ol", { cls: "order", lang: S.deckLang });
    body = form([hint(m), S.list], () => S.order.slice());
  } else {
    body = textForm(m, prompt);
  }
  const sendBtn = body.tagName === "FORM" ? el("button", { type: "submit", form: "answer-form",
    cls: "primary", t: ["send"] }) : null;
  fill("question", [
    el("div", { cls: "qtop" }, [
      el("div", { cls: "qhead" }, [qnum(m, "span"), timerFor(m)]),
      el("div", { cls: "tbar", "aria-hidden": "true", hidden: !m.timed }, [el("i", { id: "tbar" })])]),
    m.points !== 1 ? el("p", { cls: "worth", t: ["worth", { n: m.max_score }] }) : null,
    prompt, body,
    el("div", { cls: "sendbar" }, [
      el("p", { id: "qstatus", cls: "qstatus", tabindex: "-1" }), sendBtn])]);
  body.querySelectorAll("button,input").forEach((c) => ctl.indexOf(c) < 0 && ctl.push(c));
  if (sendBtn) ctl.push(sendBtn);
  S.ctl = ctl;
  if (kind === "order") drawOrder(-1, 0);
}

/* The countdown, or a plain note when the teacher turned time limits off. */
function timerFor(m) {
  if (!m.timed) return el("span", { id: "timer", cls: "timer off", t: ["noLimit"] });
  return el("span", { id: "timer", cls: "timer", role: "timer",
    l: [m.clock === "game" ? "gameLeft" : "timeLeft"] });
}

/* Typed, number and cloze: text fields; cloze blanks sit inside the sentence. */
function textForm(m, prompt) {
  const fields = [];
  const field = (props) => {
    const input = el("input", Object.assign({ type: "text", autocomplete: "off",
      spellcheck: "false", maxlength: "500", lang: S.deckLang }, props));
    fields.push(input);
    return input;
  };
  let kids;
  if (m.card_type === "cloze") {
    const total = m.blanks;
    const parts = m.prompt.split(/_{3,}/);
    const blank = (n) => ["blank", { n: n, total: total }];
    if (parts.length - 1 === total) {
      prompt.removeAttribute("lang");
      prompt.setAttribute("data-hint", "");
      prompt.textContent = cap(m.hint || "");
      const line = el("p", { cls: "cloze", lang: S.deckLang });
      parts.forEach((part, i) => {
        line.append(part);
        if (i < total) line.append(field({ cls: "blank", l: blank(i + 1) }));
      });
      kids = [line];
    } else {
      kids = parts.slice(1).map((_, i) => el("label", {}, [el("span", { t: blank(i + 1) }),
        field({})]));
    }
  } else {
    const input = field({ id: "answer-field", inputmode: m.card_type === "number" && "decimal" });
    kids = [el("label", { for: "answer-field", t: ["yourAnswer"] }), m.unit
      ? el("div", { cls: "unitrow" }, [input, el("span", { cls: "unit", text: m.unit })])
      : input];
  }
  return form(kids, () => {
    const values = fields.map((f) => f.value.trim());
    const empty = values.indexOf("");
    if (empty >= 0) {
      status("emptyAnswer");
      fields[empty].focus();
      return null;
    }
    return m.card_type === "cloze" ? values : values[0];
  });
}

/* Its Send button sits in the sticky bar below (form="answer-form"), always in reach. */
function form(kids, collect) {
  const f = el("form", { id: "answer-form", novalidate: true }, kids);
  f.onsubmit = (e) => {
    e.preventDefault();
    const answer = collect();
    if (answer != null) submit(answer, null);
  };
  return f;
}

/* The order list, redrawn after each move; focus follows the moved item. */
function drawOrder(moved, dir) {
  const items = S.q.items;
  const last = S.order.length - 1;
  S.ctl = S.ctl.filter((c) => !c.classList.contains("mv"));
  S.list.textContent = "";
  S.order.forEach((item, pos) => {
    const btn = (d) => {
      const b = el("button", { type: "button", cls: "mv", text: d < 0 ? "↑" : "↓",
        disabled: S.locked || pos === (d < 0 ? 0 : last), l: [d < 0 ? "moveUp" : "moveDown",
          { item: items[item] }] });
      b.onclick = () => move(pos, d);
      S.ctl.push(b);
      return b;
    };
    const up = btn(-1);
    const down = btn(1);
    S.list.append(el("li", { cls: "oitem" }, [
      el("span", { cls: "pos", "aria-hidden": "true", text: String(pos + 1) }),
      el("span", { cls: "otext", text: items[item] }), up, down]));
    if (item === moved) { // the same arrow, or the other one at either end of the list
      const same = dir < 0 ? up : down;
      (same.disabled ? (dir < 0 ? down : up) : same).focus();
    }
  });
}

function move(pos, dir) {
  const item = S.order[pos];
  S.order[pos] = S.order[pos + dir];
  S.order[pos + dir] = item;
  drawOrder(item, dir);
  say(t("moved", { item: S.q.items[item], n: pos + dir + 1, total: S.order.length }));
}

function submit(answer, chosen) {
  if (S.sent || S.pending != null || S.timeUp) return;
  S.pending = answer;
  lock(true);
  if (chosen) chosen.classList.add("chosen");
  status("sending");
  send({ type: "answer", question: S.q.index, response: answer }); // or again on rejoin
}

function onAnswered(m) {
  if (S.screen === "question" && S.q.index === m.index) setSent();
}

function setSent() {
  S.pending = null;
  S.sent = true;
  lock(true);
  // read on focus; the page must not scroll the prompt and the timer away to show it
  label($("qstatus"), S.mode === "self-paced" ? "sentSelf" : "sent").focus({ preventScroll: true });
}

function lock(on) {
  S.locked = on;
  S.ctl.forEach((c) => {
    if (c.tagName === "INPUT") c.readOnly = on;
    else c.disabled = on;
  });
  $("s-question").classList.toggle("locked", on);
  if (!on) document.querySelectorAll(".chosen").forEach((c) => c.classList.remove("chosen"));
  if (S.q.card_type === "order") drawOrder(-1, 0);
}

function status(key, text) {
  const node = label($("qstatus"), key);
  if (text) node.textContent = text;
  say(text || t(key));
}

function tick() {
  const left = Math.max(0, (S.deadline - Date.now()) / 1000);
  const timer = $(S.screen === "done" ? "done-timer" : S.screen === "question" && "timer");
  if (!timer || !S.timed) return;
  const s = Math.ceil(left);
  const game = S.screen === "done" || S.q.clock === "game";
  timer.textContent = !game && s < 60 ? s : Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  timer.classList.toggle("low", !game && s <= 5);
  if (S.screen !== "question") return;
  $("tbar").style.width = Math.min(100, (100 * left) / S.q.time_limit) + "%";
  if (left <= 0 && !S.timeUp) {
    S.timeUp = true;
    if (!S.sent && S.pending == null) {
      lock(true);
      status("timeUp");
    }
  }
}
setInterval(tick, 250);

// self-paced: all answered

function showDone(m) {
  S.deadline = Date.now() + m.remaining * 1000;
  S.timed = m.timed !== false;
  fill("done", [
    el("h1", { tabindex: "-1", t: ["doneTitle"] }),
    el("p", { t: [m.answered < m.count ? "timeUpText" : "doneText",
      { n: m.answered, total: m.count }] }),
    S.timed ? el("p", { cls: "big" }, [el("span", { t: ["gameLeft"] }), " ",
      el("span", { id: "done-timer", role: "timer" })]) : null]);
  tick();
}

// reveal, leaderboard, end

/* The server says whether an answer was right, partly right or wrong; null: no answer. */
function verdict(word) {
  return word === "right" || word === "partly" || word === "wrong" ? word : "noAnswer";
}

function tiles(you, players, streak) {
  const tile = (key, value) => el("div", {}, [el("dt", { t: [key] }), value]);
  return el("dl", { cls: "stats" }, [
    tile("score", el("dd", { text: fmt(you.score) })),
    tile("rank", el("dd", { t: ["rankOf", { rank: you.rank, n: players }] })),
    streak && S.mode === "speed" ? tile("streak", el("dd", { text: fmt(you.streak) })) : null]);
}

/* The language of an answer as written by the server: the deck's, except true and false,
   which the server words in the page's language. */
function answerLang(kind) {
  return kind === "true_false" ? S.lang : S.deckLang;
}

function setScore(you) {
  S.score = you.score;
  drawMe();
}

function showReveal(m) {
  const y = m.you;
  const kind = verdict(y.answered ? y.verdict : null);
  const p = (key, args, cls) => el("p", { cls: cls, t: [key, args] });
  setScore(y);
  fill("reveal", [
    qnum(m, "p"),
    el("div", { cls: "verdict " + kind }, [
      el("h1", { tabindex: "-1" }, [el("span", { cls: "icon", "aria-hidden": "true" }),
        el("span", { t: [kind] })]),
      p("plus", { n: y.earned }, "plus")]),
    tiles(y, y.players, true),
    el("h2", { lang: S.deckLang, text: m.prompt }),
    el("h3", { t: ["correct"] }),
    el("p", { cls: "correct", lang: answerLang(m.card_type), text: m.answer_text }),
    m.accepted.length ? p("accepted", { list: m.accepted.join(", ") }) : null,
    y.response_text != null ? p("youSaid", { text: y.response_text }) : null,
    y.accepted_as ? acceptedAs(y.accepted_as, y.accepted_marks) : null,
    m.explain ? el("p", { cls: "explain", lang: S.deckLang, text: m.explain }) : null,
    m.quote ? el("blockquote", { lang: S.deckLang, text: m.quote }) : null,
    p("classRight", { pct: Math.round(100 * m.stats.right_share) }),
    p("nextSoon", null, "hint")]);
  say(t(kind) + " " + t("plus", { n: y.earned }));
}

/* An accepted near miss: its exact spelling, the letters the student got wrong marked as line
   mode and the app mark them (underlined and bold, not by colour alone), and named in words
   for a screen reader. `marks` are code point indices, hence Array.from. Drawn afresh with
   each reveal (a language switch sends the reveal again). */
function acceptedAs(spelling, marks) {
  const letters = Array.from(String(spelling));
  const wanted = new Set(Array.isArray(marks) ? marks : []);
  const word = el("span", { cls: "spelling", lang: S.deckLang });
  let run = "";
  let marked = false;
  const flush = () => {
    if (run) word.append(marked ? el("mark", { text: run }) : run);
    run = "";
  };
  letters.forEach((letter, i) => {
    if (wanted.has(i) !== marked) {
      flush();
      marked = !marked;
    }
    run += letter;
  });
  flush();
  const parts = t("acceptedAs", { text: "\u0000" }).split("\u0000");
  const fixed = letters.filter((_, i) => wanted.has(i));
  return el("div", { cls: "accepted-as" }, [
    el("p", {}, [parts[0], word, parts[1]]),
    fixed.length ? el("p", { cls: "hint", t: ["correctedLetters", { letters: fixed.join(" ") }] })
      : null]);
}

function standings(top, start) {
  return el("ol", { cls: "board", start: start }, top.map((s) =>
    el("li", { cls: s.name === S.name && "self" }, [
      el("b", { text: fmt(s.rank) }), el("span", { cls: "nm", text: s.name }),
      el("b", { text: fmt(s.score) })])));
}

function showBoard(m) {
  setScore(m.you);
  fill("board", [
    qnum(m, "p"),
    el("h1", { tabindex: "-1", t: ["board"] }),
    standings(m.top, 1), tiles(m.you, m.players, true), el("p", { cls: "hint", t: ["nextSoon"] })]);
}

function showEnd(m) {
  const top = m.top;
  const podium = [1, 0, 2].map((i) => top[i] && el("li",
    { cls: "p" + top[i].rank + (top[i].name === S.name ? " self" : "") }, [
      el("span", { cls: "nm", text: top[i].name }),
      el("span", { text: fmt(top[i].score) }),
      el("span", { cls: "step", text: fmt(top[i].rank) })]));
  setScore(m.you);
  fill("end", [
    el("h1", { tabindex: "-1", t: ["endTitle"] }),
    el("ol", { cls: "podium" }, podium),
    tiles(m.you, m.players, false),
    el("p", { t: ["rightCount", { right: m.you.right, answered: m.you.answered }] }),
    top.length > 3 ? standings(top.slice(3), 4) : null,
    m.review.length ? el("h2", { t: ["review"] }) : null].concat(m.review.map((r) => {
    const kind = verdict(r.verdict);
    return el("details", { cls: "review " + kind }, [
      el("summary", {}, [el("span", { cls: "icon", "aria-hidden": "true" }),
        el("span", { lang: S.deckLang, text: r.index + 1 + ". " + r.prompt })]),
      el("p", { t: [kind] }),
      el("p", { t: ["pts", { n: r.earned }] }),
      r.response_text != null
        ? el("p", { t: ["youSaid", { text: r.response_text }] }) : null,
      el("p", {}, [el("b", { t: ["correct"] }), " ",
        el("span", { lang: answerLang(r.card_type), text: r.answer_text })]),
      r.explain ? el("p", { cls: "explain", lang: S.deckLang, text: r.explain }) : null]);
  })));
}

// start: the saved language, the PIN from the address, the saved token

document.querySelectorAll("[data-lang]").forEach((b) => {
  b.onclick = () => setLang(b.getAttribute("data-lang"));
});
const lang = store(LANG_KEY);
setLang(lang === "en" || lang === "fr" ? lang
  : /^fr\b/i.test(navigator.language || "") ? "fr" : "en");
const pin = (new URLSearchParams(location.search).get("pin") || "").trim();
$("pin").value = pin;
let saved = null;
try { saved = JSON.parse(store(TOKEN_KEY)); } catch (e) { /* unreadable: join again */ }
if (saved && typeof saved.token === "string" && (!pin || pin === saved.pin)) {
  S.token = saved.token;
  S.pin = saved.pin;
  show("wait");
} else {
  forget();
  showJoin();
}
connect();
