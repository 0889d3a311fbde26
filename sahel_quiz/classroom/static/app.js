/* The students' page: one WebSocket, one screen per protocol state (docs/protocol.md).
   The server is the only authority: the page never grades, never times and never learns an
   answer before the reveal; it only draws what arrives and sends what the student chose.
   Every server text goes in with textContent, never as HTML. */
(function () {
  "use strict";
  const I18N = window.SAHEL_I18N;
  const TOKEN_KEY = "sahel-quiz-token";
  const LANG_KEY = "sahel-quiz-lang";
  const LETTERS = "ABCDEFGHIJKL";
  const JOIN_ERRORS = ["wrong_pin", "name_invalid", "name_taken", "game_full", "game_over"];
  const RETRY_ERRORS = ["bad_answer", "invalid_message", "too_large", "bad_json", "bad_frame",
    "unknown_type", "rate_limited"];
  const $ = (id) => document.getElementById(id);

  const S = {
    lang: pickLang(), token: null, pin: null, name: "", score: 0, streak: 0, deckLang: "",
    mode: "speed", screen: "", inGame: false, joining: null, q: null, ctl: null,
    pending: null, sent: false, timeUp: false, deadline: 0, limit: 0, order: [],
    stopped: false, serverClosed: false
  };

  // -- words -------------------------------------------------------------------------------

  function pickLang() {
    const saved = store(LANG_KEY);
    if (saved === "en" || saved === "fr") return saved;
    return /^fr\b/i.test(navigator.language || "") ? "fr" : "en";
  }

  function lookup(dict, key) {
    return key.split(".").reduce((o, k) => (o == null ? o : o[k]), dict);
  }

  function fmt(n) {
    return new Intl.NumberFormat(S.lang === "fr" ? "fr-FR" : "en-GB",
      { maximumFractionDigits: 1 }).format(n);
  }

  function t(key, args) {
    let s = lookup(I18N[S.lang], key);
    if (s == null) s = lookup(I18N.en, key);
    if (s == null) return key;
    if (s.indexOf("|") >= 0 && args && typeof args.n === "number") {
      const forms = s.split("|");
      s = (S.lang === "fr" ? args.n < 2 : args.n === 1) ? forms[0] : forms[1];
    }
    return s.replace(/\{(\w+)\}/g, (_, k) => {
      const v = args ? args[k] : null;
      return v == null ? "" : typeof v === "number" ? fmt(v) : String(v);
    });
  }

  function argsOf(node, attr) {
    const raw = node.getAttribute(attr);
    return raw ? JSON.parse(raw) : null;
  }

  /* Translated text lives in data-i18n attributes, so switching language relabels the page
     in place: a half-typed answer or a reordered list survives the switch. */
  function relabel(root) {
    root.querySelectorAll("[data-i18n]").forEach((n) => {
      n.textContent = t(n.getAttribute("data-i18n"), argsOf(n, "data-i18n-args"));
    });
    root.querySelectorAll("[data-i18n-aria]").forEach((n) => {
      n.setAttribute("aria-label",
        t(n.getAttribute("data-i18n-aria"), argsOf(n, "data-i18n-aria-args")));
    });
  }

  function setLang(lang) {
    S.lang = lang;
    store(LANG_KEY, lang);
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-lang]").forEach((b) => {
      b.setAttribute("aria-pressed", String(b.getAttribute("data-lang") === lang));
    });
    relabel(document);
    drawMe();
  }

  // -- small DOM helpers -------------------------------------------------------------------

  function el(tag, props, kids) {
    const node = document.createElement(tag);
    for (const k in props || {}) {
      const v = props[k];
      if (v == null || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "i18n" || k === "aria") {
        const attr = k === "i18n" ? "data-i18n" : "data-i18n-aria";
        node.setAttribute(attr, v[0]);
        if (v[1]) node.setAttribute(attr + "-args", JSON.stringify(v[1]));
        if (k === "i18n") node.textContent = t(v[0], v[1]);
        else node.setAttribute("aria-label", t(v[0], v[1]));
      } else if (k === "on") node.addEventListener("click", v);
      else if (k === "cls") node.className = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    (kids || []).forEach((c) => {
      if (c != null) node.append(c);
    });
    return node;
  }

  function store(key, value) {
    try {
      if (value === undefined) return localStorage.getItem(key);
      if (value === null) localStorage.removeItem(key);
      else localStorage.setItem(key, value);
    } catch (e) { /* private mode: the page works, it just cannot remember */ }
    return null;
  }

  function say(text) {
    const live = $("live");
    live.textContent = "";
    setTimeout(() => { live.textContent = text; }, 50);
  }

  function show(name) {
    S.screen = name;
    document.querySelectorAll(".screen").forEach((s) => { s.hidden = s.id !== "s-" + name; });
    drawBanner();
    const target = $("s-" + name).querySelector("[tabindex='-1']");
    window.scrollTo(0, 0);
    if (target) target.focus();
  }

  function drawMe() {
    $("me").hidden = !S.name;
    $("me-name").textContent = S.name;
    $("me-score").textContent = S.name ? fmt(S.score) : "";
  }

  function drawBanner() {
    $("banner").hidden = S.inGame || S.stopped || S.screen === "wait" ||
      !(S.token || S.joining);
  }

  // -- the connection ----------------------------------------------------------------------

  let ws = null;
  let retries = 0;
  let retryTimer = 0;
  let lastSeen = 0;

  function connect() {
    clearTimeout(retryTimer);
    retryTimer = 0;
    if (S.stopped || (ws && ws.readyState < 2)) return;
    let sock;
    try {
      sock = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") +
        location.host + "/ws");
    } catch (e) {
      retry();
      return;
    }
    ws = sock;
    sock.onopen = () => {
      if (ws !== sock) return;
      retries = 0;
      lastSeen = Date.now();
      if (S.token) send({ type: "rejoin", token: S.token });
      else if (S.joining) send({ type: "join", pin: S.joining.pin, name: S.joining.name });
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

  /* A phone that slept may hold a socket that looks open but is dead: drop it for a new one. */
  function reconnectNow() {
    const sock = ws;
    ws = null;
    S.inGame = false;
    if (sock) {
      sock.onopen = sock.onmessage = sock.onclose = null;
      try { sock.close(); } catch (e) { /* already gone */ }
    }
    retries = 0;
    connect();
    drawBanner();
  }

  function retry() {
    drawBanner();
    if (retryTimer || S.stopped) return;
    const delay = Math.min(1000 * Math.pow(2, retries), 10000);
    retries += 1;
    retryTimer = setTimeout(connect, delay);
  }

  function closed(code) {
    if (code === 4001) {
      forgetToken();
      gone("removed", "again");
    } else if (code === 4002) {
      gone("replaced", "here");
    } else if (S.serverClosed) {
      if (S.screen === "end") {
        S.stopped = true;
        drawBanner();
      } else {
        forgetToken();
        gone("closed", "again");
      }
    } else {
      retry();
    }
  }

  function wake() {
    if (S.stopped) return;
    if (!ws) {
      reconnectNow();
      return;
    }
    if (ws.readyState !== 1) return;
    const before = Date.now();
    const sock = ws;
    send({ type: "ping" });
    setTimeout(() => {
      if (ws === sock && lastSeen < before) reconnectNow();
    }, 4000);
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

  function saveToken() {
    store(TOKEN_KEY, JSON.stringify({ token: S.token, pin: S.pin }));
  }

  function forgetToken() {
    S.token = null;
    store(TOKEN_KEY, null);
  }

  function gone(key, button) {
    S.stopped = true;
    S.inGame = false;
    clearTimeout(retryTimer);
    retryTimer = 0;
    const msg = $("gone-msg");
    msg.setAttribute("data-i18n", key);
    msg.textContent = t(key);
    const btn = $("gone-btn");
    btn.setAttribute("data-i18n", button);
    btn.textContent = t(button);
    btn.onclick = () => {
      S.stopped = false;
      S.serverClosed = false;
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

  // -- messages ----------------------------------------------------------------------------

  function handle(m) {
    switch (m.type) {
      case "welcome": return onWelcome(m);
      case "lobby": return showLobby(m);
      case "question": return showQuestion(m);
      case "answered": return onAnswered(m);
      case "done": return showDone(m);
      case "reveal": return showReveal(m);
      case "leaderboard": return showBoard(m);
      case "end": return showEnd(m);
      case "error": return onError(m);
      default: return null; // pong, and whatever a later server adds
    }
  }

  function onWelcome(m) {
    if (S.joining) S.pin = S.joining.pin;
    S.joining = null;
    S.inGame = true;
    S.token = m.token;
    S.name = m.name;
    S.score = m.score;
    S.streak = m.streak;
    S.mode = m.mode;
    S.deckLang = m.language || "";
    saveToken();
    const title = $("title");
    title.removeAttribute("data-i18n");
    title.textContent = m.title;
    document.title = m.title + " · Sahel Quiz";
    busy(false);
    drawMe();
    drawBanner();
  }

  function onError(m) {
    const code = String(m.code);
    if (JOIN_ERRORS.indexOf(code) >= 0 && S.joining) {
      S.joining = null;
      busy(false);
      joinError("err." + code, code === "wrong_pin" ? "pin" : "name");
    } else if (code === "bad_token") {
      forgetToken();
      showJoin();
      joinError("err.bad_token", null);
    } else if (code === "server_closing") {
      S.serverClosed = true;
    } else if (code === "removed" || code === "replaced") {
      // the close that follows says what to do
    } else if (code === "not_joined") {
      if (S.token) reconnectNow();
      else showJoin();
    } else if (code === "already_answered" && S.screen === "question") {
      S.pending = null;
      setSent();
    } else if (S.screen === "question" && S.pending && RETRY_ERRORS.indexOf(code) >= 0) {
      S.pending = null;
      lock(false);
      status("err." + code);
    } else if (S.screen === "question" && S.pending) {
      S.pending = null; // question_closed, no_question, wrong_question: nothing left to do
      lock(true);
      status("err." + code);
    } else {
      say(t("err." + code));
    }
  }

  // -- joining -----------------------------------------------------------------------------

  function cleanName(raw) {
    return raw.normalize("NFC").trim().split(/\s+/).join(" ");
  }

  function showJoin() {
    S.inGame = false;
    S.name = "";
    drawMe();
    $("join-error").textContent = "";
    busy(false);
    show("join");
    const field = $("pin").value ? $("name") : $("pin");
    field.focus();
  }

  function busy(on) {
    const btn = $("join-btn");
    btn.disabled = on;
    btn.setAttribute("data-i18n", on ? "joining" : "join");
    btn.textContent = t(on ? "joining" : "join");
  }

  function joinError(key, field) {
    const box = $("join-error");
    box.setAttribute("data-i18n", key);
    box.textContent = t(key);
    ["pin", "name"].forEach((id) => {
      $(id).setAttribute("aria-invalid", String(id === field));
      $(id).setAttribute("aria-describedby", (id === "name" ? "name-hint " : "") +
        (id === field ? "join-error" : ""));
    });
    if (field) $(field).focus();
  }

  $("join-form").addEventListener("submit", (e) => {
    e.preventDefault();
    if (S.joining) return;
    const pin = $("pin").value.replace(/\s+/g, "");
    const name = cleanName($("name").value);
    if (!/^\d{6}$/.test(pin)) return joinError("pinBad", "pin");
    if (!name || Array.from(name).length > 20) return joinError("err.name_invalid", "name");
    $("join-error").textContent = "";
    S.joining = { pin: pin, name: name };
    busy(true);
    if (!send({ type: "join", pin: pin, name: name })) {
      retries = 0;
      connect();
      drawBanner();
    }
    return null;
  });

  $("leave").addEventListener("click", () => {
    forgetToken();
    reconnectNow();
    showJoin();
  });

  // -- lobby -------------------------------------------------------------------------------

  function showLobby(m) {
    const sec = $("s-lobby");
    if (S.screen !== "lobby") {
      sec.textContent = "";
      sec.append(
        el("h1", { tabindex: "-1", i18n: ["welcome", { name: S.name }] }),
        el("p", { i18n: ["lobbyWait"] }),
        el("p", { id: "lobby-count", cls: "big" }),
        el("ul", { id: "lobby-names", cls: "chips", lang: "" }));
      show("lobby");
    }
    const count = $("lobby-count");
    count.setAttribute("data-i18n", "players");
    count.setAttribute("data-i18n-args", JSON.stringify({ n: m.players }));
    count.textContent = t("players", { n: m.players });
    const names = $("lobby-names");
    names.textContent = "";
    (m.names || []).forEach((n) => {
      names.append(el("li", { cls: n === S.name ? "self" : null, text: n }));
    });
  }

  // -- a question --------------------------------------------------------------------------

  function showQuestion(m) {
    const same = S.screen === "question" && S.q && S.q.index === m.index &&
      S.q.prompt === m.prompt;
    S.q = m;
    if (!same) S.orderList = null;
    S.deadline = Date.now() + m.remaining * 1000;
    S.limit = m.time_limit;
    S.timeUp = false;
    if (!same) {
      S.pending = null;
      S.sent = false;
      buildQuestion(m);
    }
    if (m.answered) {
      S.pending = null;
      setSent();
    } else if (S.pending && S.pending.index === m.index) {
      send({ type: "answer", question: m.index, answer: S.pending.answer });
    } else if (same) {
      S.sent = false;
      lock(false);
    }
    tick();
  }

  function optButton(text, i, extra) {
    return el("button", Object.assign({ type: "button", cls: "opt c" + (i % 6) }, extra), [
      el("span", { cls: "shape s" + (i % 6), "aria-hidden": "true" }),
      el("span", { cls: "letter", text: LETTERS[i] || "" }),
      el("span", { cls: "otext", lang: S.deckLang, text: text })]);
  }

  function submitButton() {
    return el("button", { type: "submit", cls: "primary", i18n: ["send"] });
  }

  function buildQuestion(m) {
    const sec = $("s-question");
    sec.textContent = "";
    const game = m.clock === "game";
    sec.append(
      el("div", { cls: "qhead" }, [
        el("span", { cls: "qnum", i18n: ["qnum", { n: m.index + 1, total: m.count }] }),
        el("span", { id: "timer", cls: "timer", role: "timer",
          aria: [game ? "gameLeft" : "timeLeft"] })]),
      el("div", { cls: "tbar", "aria-hidden": "true" }, [el("i", { id: "tbar" })]));
    if (m.points !== 1) sec.append(el("p", { cls: "worth", i18n: ["worth", { n: m.max_points }] }));
    const heading = el("h1", { id: "prompt", tabindex: "-1", lang: S.deckLang, text: m.prompt });
    sec.append(heading);
    const controls = [];
    const kind = m.card_type;
    let body;
    if (kind === "choice" || kind === "true_false") {
      const labels = kind === "choice" ? m.options || [] : [null, null];
      body = el("div", { cls: "opts", role: "group", aria: ["answers"] });
      labels.forEach((text, i) => {
        const btn = text == null
          ? el("button", { type: "button", cls: "opt tf c" + (i ? 0 : 3) }, [
            el("span", { cls: "shape s" + (i ? 0 : 2), "aria-hidden": "true" }),
            el("span", { cls: "otext", i18n: [i ? "false" : "true"] })])
          : optButton(text, i);
        btn.addEventListener("click", () => {
          submit(kind === "choice" ? i : i === 0, btn);
        });
        controls.push(btn);
        body.append(btn);
      });
    } else if (kind === "multi") {
      const opts = el("div", { cls: "opts", role: "group", aria: ["answers"] });
      (m.options || []).forEach((text, i) => {
        const btn = optButton(text, i, { "aria-pressed": "false" });
        btn.addEventListener("click", () => {
          btn.setAttribute("aria-pressed",
            String(btn.getAttribute("aria-pressed") !== "true"));
        });
        controls.push(btn);
        opts.append(btn);
      });
      body = form([el("p", { cls: "hint", i18n: ["multiHint"] }), opts], () =>
        controls.reduce((picks, b, i) =>
          b.getAttribute("aria-pressed") === "true" ? picks.concat([i]) : picks, []));
    } else if (kind === "order") {
      S.order = (m.items || []).map((_, i) => i);
      const list = el("ol", { cls: "order", lang: S.deckLang });
      S.orderList = list;
      body = form([el("p", { cls: "hint", i18n: ["orderHint"] }), list], () => S.order.slice());
      drawOrder(null, 0);
    } else {
      body = textForm(m, heading, controls);
    }
    sec.append(body, el("p", { id: "qstatus", cls: "qstatus", tabindex: "-1" }));
    body.querySelectorAll("button,input").forEach((c) => {
      if (controls.indexOf(c) < 0) controls.push(c);
    });
    S.ctl = controls;
    show("question");
  }

  /* Typed, number and cloze answers: text fields, with cloze blanks inside the sentence. */
  function textForm(m, heading, controls) {
    const fields = [];
    const field = (aria, extra) => {
      const input = el("input", Object.assign({ type: "text", autocomplete: "off",
        autocapitalize: "off", spellcheck: "false", maxlength: "500", lang: S.deckLang,
        aria: aria }, extra));
      fields.push(input);
      return input;
    };
    let kids;
    if (m.card_type === "cloze") {
      const total = m.blanks || 1;
      const parts = m.prompt.split(/_{3,}/);
      const arg = (n) => ["blank", { n: n, total: total }];
      if (parts.length - 1 === total) {
        heading.removeAttribute("lang");
        heading.setAttribute("data-i18n", "fillBlanks");
        heading.textContent = t("fillBlanks");
        const line = el("p", { cls: "cloze", lang: S.deckLang });
        parts.forEach((part, i) => {
          line.append(part);
          if (i < total) line.append(field(arg(i + 1), { cls: "blank" }));
        });
        kids = [line];
      } else {
        kids = [];
        for (let i = 1; i <= total; i++) {
          kids.push(el("label", {}, [el("span", { i18n: arg(i) }), field(null)]));
        }
      }
    } else {
      const id = "answer-field";
      const input = field(null, m.card_type === "number"
        ? { id: id, inputmode: "decimal" } : { id: id });
      kids = [el("label", { for: id, i18n: ["yourAnswer"] }),
        m.unit ? el("div", { cls: "unitrow" }, [input,
          el("span", { cls: "unit", lang: S.deckLang, text: m.unit })]) : input];
    }
    const body = form(kids, () => {
      const values = fields.map((f) => f.value.trim());
      if (values.some((v) => !v)) {
        status("emptyAnswer");
        fields[values.findIndex((v) => !v)].focus();
        return null;
      }
      return m.card_type === "cloze" ? values : values[0];
    });
    fields.forEach((f) => controls.push(f));
    return body;
  }

  function form(kids, collect) {
    const f = el("form", { cls: "answer", novalidate: true }, kids.concat([submitButton()]));
    f.addEventListener("submit", (e) => {
      e.preventDefault();
      const answer = collect();
      if (answer != null) submit(answer, null);
    });
    return f;
  }

  function drawOrder(moved, dir) {
    const list = S.orderList;
    const items = S.q.items || [];
    const total = S.order.length;
    list.textContent = "";
    S.order.forEach((item, pos) => {
      const text = items[item];
      const up = el("button", { type: "button", cls: "mv", aria: ["moveUp", { item: text }],
        disabled: pos === 0 || S.sent || S.pending ? true : null, text: "↑" });
      const down = el("button", { type: "button", cls: "mv", aria: ["moveDown", { item: text }],
        disabled: pos === total - 1 || S.sent || S.pending ? true : null, text: "↓" });
      up.addEventListener("click", () => move(pos, -1));
      down.addEventListener("click", () => move(pos, 1));
      list.append(el("li", { cls: "oitem" }, [
        el("span", { cls: "pos", "aria-hidden": "true", text: String(pos + 1) }),
        el("span", { cls: "otext", text: text }), up, down]));
      if (item === moved) {
        const preferred = dir < 0 ? up : down;
        (preferred.disabled ? (dir < 0 ? down : up) : preferred).focus();
      }
    });
    if (S.ctl) S.ctl = S.ctl.filter((c) => c.isConnected).concat(
      Array.from(list.querySelectorAll("button")));
  }

  function move(pos, dir) {
    const to = pos + dir;
    if (S.sent || S.pending || to < 0 || to >= S.order.length) return;
    const item = S.order[pos];
    S.order[pos] = S.order[to];
    S.order[to] = item;
    drawOrder(item, dir);
    say(t("moved", { item: S.q.items[item], n: to + 1, total: S.order.length }));
  }

  function submit(answer, chosen) {
    if (S.sent || S.pending || S.timeUp || !S.q) return;
    S.pending = { index: S.q.index, answer: answer };
    lock(true);
    if (chosen) chosen.classList.add("chosen");
    status("sending");
    send({ type: "answer", question: S.q.index, answer: answer }); // else resent on rejoin
  }

  function onAnswered(m) {
    if (S.screen !== "question" || !S.q || S.q.index !== m.index) return;
    S.pending = null;
    setSent();
  }

  function setSent() {
    S.sent = true;
    lock(true);
    status(S.mode === "self-paced" ? "sentSelf" : "sent");
    $("qstatus").focus();
  }

  function lock(on) {
    (S.ctl || []).forEach((c) => {
      if (c.tagName === "INPUT") c.readOnly = on;
      else if (!on && c.classList.contains("mv")) return;
      else c.disabled = on;
    });
    if (!on && S.orderList && S.orderList.isConnected) drawOrder(null, 0);
    const q = $("s-question");
    q.classList.toggle("locked", on);
    if (!on) q.querySelectorAll(".chosen").forEach((c) => c.classList.remove("chosen"));
  }

  function status(key) {
    const box = $("qstatus");
    if (!box) return;
    box.setAttribute("data-i18n", key);
    box.textContent = t(key);
    say(t(key));
  }

  function clock(left) {
    const s = Math.ceil(left);
    if (S.q && S.q.clock !== "game" && s < 60) return String(s);
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  function tick() {
    if (S.screen !== "question" && S.screen !== "done") return;
    const left = Math.max(0, (S.deadline - Date.now()) / 1000);
    const timer = $(S.screen === "done" ? "done-timer" : "timer");
    if (timer) {
      timer.textContent = clock(left);
      timer.classList.toggle("low", left <= 5 && S.q && S.q.clock !== "game");
    }
    const bar = $("tbar");
    if (bar && S.screen === "question") {
      bar.style.width = Math.min(100, (100 * left) / (S.limit || 1)) + "%";
    }
    if (left <= 0 && S.screen === "question" && !S.timeUp) {
      S.timeUp = true;
      if (!S.sent && !S.pending) {
        lock(true);
        status("timeUp");
      }
    }
  }
  setInterval(tick, 250);

  // -- self-paced: all answered ------------------------------------------------------------

  function showDone(m) {
    const sec = $("s-done");
    sec.textContent = "";
    S.deadline = Date.now() + m.remaining * 1000;
    sec.append(
      el("h1", { tabindex: "-1", i18n: ["doneTitle"] }),
      el("p", { i18n: ["doneText", { n: m.answered, total: m.count }] }),
      el("p", { cls: "big" }, [el("span", { cls: "label", i18n: ["gameLeft"] }), " ",
        el("span", { id: "done-timer", role: "timer" })]));
    show("done");
    tick();
  }

  // -- the reveal --------------------------------------------------------------------------

  function stat(key, value, args) {
    return el("div", {}, [el("dt", { i18n: [key] }),
      el("dd", args ? { i18n: [value, args] } : { text: value })]);
  }

  function showReveal(m) {
    const y = m.you || {};
    S.score = y.score;
    S.streak = y.streak;
    drawMe();
    const kind = !y.answered ? "noAnswer"
      : y.credit >= 0.999999 ? "right" : y.credit > 0 ? "partly" : "wrong";
    const sec = $("s-reveal");
    sec.textContent = "";
    sec.append(
      el("p", { cls: "qnum", i18n: ["qnum", { n: m.index + 1, total: m.count }] }),
      el("div", { cls: "verdict " + kind }, [
        el("h1", { tabindex: "-1" }, [el("span", { cls: "icon", "aria-hidden": "true" }),
          el("span", { i18n: [kind] })]),
        el("p", { cls: "plus", i18n: ["plus", { n: y.points }] })]),
      el("dl", { cls: "stats" }, [
        stat("score", fmt(y.score)),
        stat("rank", "rankOf", { rank: y.rank, n: y.players }),
        S.mode === "speed" ? stat("streak", fmt(y.streak)) : null]),
      el("h2", { cls: "rprompt", lang: S.deckLang, text: m.prompt }),
      el("h3", { i18n: ["correct"] }),
      answerView(m));
    if (m.accepted && m.accepted.length) {
      sec.append(el("p", { i18n: ["accepted", { list: m.accepted.join(", ") }] }));
    }
    if (y.answered && y.answer_text != null) {
      sec.append(el("p", { cls: "yours", i18n: ["youSaid", { text: y.answer_text }] }));
    }
    if (y.accepted_as) sec.append(el("p", { i18n: ["acceptedAs", { text: y.accepted_as }] }));
    if (m.explain) sec.append(el("p", { cls: "explain", lang: S.deckLang, text: m.explain }));
    if (m.quote) sec.append(el("blockquote", { lang: S.deckLang, text: m.quote }));
    const st = m.stats || {};
    sec.append(
      el("p", { cls: "class", i18n: ["classRight", { pct: Math.round(100 * (st.right_share || 0)) }] }),
      el("p", { cls: "hint", i18n: ["nextSoon"] }));
    show("reveal");
    say(t(kind) + " " + t("plus", { n: y.points }));
  }

  /* Choice, multi and true/false: every option with how many picked it and the right ones
     marked, when this page saw the question; otherwise the server's answer text. */
  function answerView(m) {
    const q = S.q && S.q.index === m.index ? S.q : null;
    const st = m.stats || {};
    let labels = null;
    let right = [];
    if (m.card_type === "true_false") {
      labels = [["true"], ["false"]];
      right = [m.correct ? 0 : 1];
    } else if (q && q.options && (m.card_type === "choice" || m.card_type === "multi")) {
      labels = q.options;
      right = m.card_type === "choice" ? [m.correct] : m.correct;
    }
    if (!labels) return el("p", { cls: "answer-text", lang: S.deckLang, text: m.answer_text });
    const counts = st.option_counts || [];
    const most = Math.max(1, st.answered || 0);
    return el("ul", { cls: "ropts" }, labels.map((label, i) => {
      const ok = right.indexOf(i) >= 0;
      return el("li", { cls: ok ? "ok" : null }, [
        el("span", { cls: "mark", "aria-hidden": "true", text: ok ? "✓" : "" }),
        el("span", { cls: "otext" },
          [typeof label === "string" ? el("span", { lang: S.deckLang, text: label })
            : el("span", { i18n: label }),
          ok ? el("span", { cls: "sr", i18n: ["correct"] }) : null]),
        el("span", { cls: "count", text: counts[i] == null ? "" : fmt(counts[i]) }),
        el("i", { cls: "cbar", style: "width:" + (100 * (counts[i] || 0)) / most + "%" })]);
    }));
  }

  // -- leaderboard and end -----------------------------------------------------------------

  function standings(top, from) {
    return el("ol", { cls: "board", start: String(from) }, top.map((s) =>
      el("li", { cls: s.name === S.name ? "self" : null }, [
        el("span", { cls: "rk", text: fmt(s.rank) }),
        el("span", { cls: "nm", text: s.name }),
        el("span", { cls: "sc", text: fmt(s.score) })])));
  }

  function showBoard(m) {
    const y = m.you || {};
    S.score = y.score;
    S.streak = y.streak;
    drawMe();
    const sec = $("s-board");
    sec.textContent = "";
    sec.append(
      el("p", { cls: "qnum", i18n: ["qnum", { n: m.index + 1, total: m.count }] }),
      el("h1", { tabindex: "-1", i18n: ["board"] }),
      standings(m.top || [], 1),
      el("dl", { cls: "stats" }, [
        stat("rank", "rankOf", { rank: y.rank, n: m.players }),
        stat("score", fmt(y.score)),
        S.mode === "speed" ? stat("streak", fmt(y.streak)) : null]),
      el("p", { cls: "hint", i18n: ["nextSoon"] }));
    show("board");
  }

  function showEnd(m) {
    const y = m.you || {};
    const top = m.top || [];
    S.score = y.score;
    S.pending = null;
    drawMe();
    const sec = $("s-end");
    sec.textContent = "";
    const podium = el("ol", { cls: "podium" }, [1, 0, 2].map((i) => top[i] ? el("li",
      { cls: "p" + top[i].rank + (top[i].name === S.name ? " self" : "") }, [
        el("span", { cls: "nm", text: top[i].name }),
        el("span", { cls: "sc", text: fmt(top[i].score) }),
        el("span", { cls: "step", text: fmt(top[i].rank) })]) : null));
    sec.append(
      el("h1", { tabindex: "-1", i18n: ["endTitle"] }),
      podium,
      el("dl", { cls: "stats" }, [
        stat("rank", "rankOf", { rank: y.rank, n: m.players }),
        stat("score", fmt(y.score))]),
      el("p", { i18n: ["rightCount", { right: y.right, answered: y.answered }] }));
    if (top.length > 3) sec.append(standings(top.slice(3), 4));
    const review = m.review || [];
    if (review.length) {
      sec.append(el("h2", { i18n: ["review"] }));
      review.forEach((r) => {
        const kind = r.credit == null ? "noAnswer"
          : r.credit >= 0.999999 ? "right" : r.credit > 0 ? "partly" : "wrong";
        sec.append(el("details", { cls: "review " + kind }, [
          el("summary", {}, [el("span", { cls: "icon", "aria-hidden": "true" }),
            el("span", { lang: S.deckLang, text: (r.index + 1) + ". " + r.prompt })]),
          el("p", { i18n: [kind] }),
          el("p", { i18n: ["pts", { n: r.points }] }),
          r.your_answer != null ? el("p", { i18n: ["youSaid", { text: r.your_answer }] }) : null,
          el("p", {}, [el("b", { i18n: ["correct"] }), " ",
            el("span", { lang: S.deckLang, text: r.answer_text })]),
          r.explain ? el("p", { cls: "explain", lang: S.deckLang, text: r.explain }) : null]));
      });
    }
    show("end");
  }

  // -- start -------------------------------------------------------------------------------

  document.querySelectorAll("[data-lang]").forEach((b) => {
    b.addEventListener("click", () => setLang(b.getAttribute("data-lang")));
  });
  setLang(S.lang);
  const urlPin = (new URLSearchParams(location.search).get("pin") || "").trim();
  $("pin").value = urlPin;
  let saved = null;
  try { saved = JSON.parse(store(TOKEN_KEY) || "null"); } catch (e) { saved = null; }
  if (saved && typeof saved.token === "string" && (!urlPin || urlPin === saved.pin)) {
    S.token = saved.token;
    S.pin = saved.pin;
    show("wait");
  } else {
    forgetToken();
    showJoin();
  }
  connect();
})();
