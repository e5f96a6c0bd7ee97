/*
 * Statement Bot website widget.
 *
 * Embed with one script tag (see docs/operations.md, "Website widget"):
 *
 *   <script src="https://bot.example.org/statement-bot.js" defer
 *           data-server="https://bot.example.org:5005"
 *           data-department="cambridge"
 *           data-title="Ask Cambridge Police"
 *           data-color="#a31f34"
 *           data-position="right"
 *           data-lang="en"></script>
 *
 * It talks to Rasa's REST channel (POST /webhooks/rest/webhook) and sends the
 * page's department and a client message id as message metadata. Everything
 * the user or the bot sends is put on the page as text (DOM text nodes), never
 * parsed as HTML. The widget lives in an open shadow root, so the page's styles
 * stay out of it; its stylesheet comes from beside the script (CSP
 * `style-src 'self'` is enough). The page hears `statementbot:*` events
 * (open, close, sent, answered, feedback, handoff) without any message text.
 */
(function () {
  "use strict";

  var script = document.currentScript;
  if (!script || window.StatementBotWidget) {
    return;
  }

  var STORAGE_KEY = "statement-bot:conversation";
  // The sender id the server issues (POST /webhooks/rest/session), signed.
  var SIGNED_ID = /^sb\.w\.[0-9a-f]{32}\.[0-9a-f]{32}$/;
  var MAX_LOG = 200;
  var MAX_INPUT = 500;
  var TIMEOUT_MS = 30000;
  var DEPARTMENT_ID = /^[a-z0-9_]{1,60}$/;
  var MESSAGE_ID = /^m-[0-9a-f]{32}$/;

  /* ---------- every fixed string of the widget, by language ---------- */

  /* A page may add languages before loading the script:
       window.StatementBotStrings = { es: { ...every key of "en"... } };
     and pick one with data-lang="es". A table missing keys is not used. */
  var STRINGS = {
    en: {
      defaultTitle: "Statement Bot",
      notice: "Automated assistant (a bot), not a person.",
      restart: "Restart",
      restartLabel: "Restart conversation",
      closeLabel: "Close chat",
      emergency: "Emergency? Call 911.",
      emergencyDetail: "This chat can\u2019t send help or take reports.",
      keptUnknown: "This conversation is kept for a limited time, then deleted.",
      keptOneDay: "This conversation is kept for up to 1 day, then deleted.",
      keptDays: "This conversation is kept for up to {days} days, then deleted.",
      keptSession: "This conversation is deleted after the session ends.",
      staffRead:
        "Department staff may read the questions people ask, never who asked them.",
      noPersonal:
        "Please don\u2019t type personal details such as names, addresses or case numbers.",
      logLabel: "Conversation",
      repliesLabel: "Suggested replies",
      inputLabel: "Your message",
      placeholder: "Ask a question\u2026",
      send: "Send",
      youSaid: "You said: ",
      assistantSaid: "Assistant: ",
      opensNewTab: " (opens in a new tab)",
      feedbackLabel: "Was this answer helpful?",
      feedbackPrompt: "Helpful?",
      feedbackYes: "\ud83d\udc4d Yes",
      feedbackYesLabel: "Yes, helpful",
      feedbackNo: "\ud83d\udc4e No",
      feedbackNoLabel: "No, not helpful",
      answering: "The assistant is answering\u2026",
      restarted: "Conversation restarted.",
      notConfigured: "This chat is not configured (data-server is missing).",
      notSent: "Not sent.",
      tryAgain: "Try again",
      tryAgainLabel: "Try sending this message again",
      unreachable:
        "Sorry, the assistant can\u2019t be reached right now. Your message was not sent.",
      offline: "You\u2019re offline. Messages can\u2019t be sent until the connection is back.",
      online: "You\u2019re back online.",
    },
  };

  function pickStrings(lang) {
    var tables = {};
    var extra = window.StatementBotStrings;
    if (extra && typeof extra === "object") {
      Object.keys(extra).forEach(function (key) {
        tables[key] = extra[key];
      });
    }
    tables.en = STRINGS.en;
    var table = tables[lang];
    var complete =
      table &&
      typeof table === "object" &&
      Object.keys(STRINGS.en).every(function (key) {
        return typeof table[key] === "string";
      });
    return complete ? { lang: lang, table: table } : { lang: "en", table: STRINGS.en };
  }

  var position = script.getAttribute("data-position") === "left" ? "left" : "right";
  var language = pickStrings((script.getAttribute("data-lang") || "en").trim());

  /* The string for key in the chosen language, with {name} filled from params. */
  function t(key, params) {
    return language.table[key].replace(/\{(\w+)\}/g, function (whole, name) {
      return params && params[name] !== undefined ? String(params[name]) : whole;
    });
  }

  var config = {
    server: (script.getAttribute("data-server") || "").replace(/\/+$/, ""),
    department: script.getAttribute("data-department") || "",
    title: script.getAttribute("data-title") || t("defaultTitle"),
    color: script.getAttribute("data-color") || "#1d4f91",
    open: script.getAttribute("data-open") === "true",
    // How long the server keeps conversations (CONVERSATION_RETENTION_DAYS).
    // Set by the page from the server's CONVERSATION_RETENTION_DAYS; no number
    // is promised when the page does not say.
    retentionDays: script.hasAttribute("data-retention-days")
      ? parseFloat(script.getAttribute("data-retention-days"))
      : null,
  };
  if (!DEPARTMENT_ID.test(config.department)) {
    config.department = "";
  }

  /* ---------- small helpers ---------- */

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function hidden(text) {
    return el("span", "sb-visually-hidden", text);
  }

  function randomHex() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) {
      hex += (bytes[i] + 256).toString(16).slice(1);
    }
    return hex;
  }

  function newSessionId() {
    return "web-" + randomHex();
  }

  /* A client message id: a repeat of it (Try again) is answered once. */
  function newMessageId() {
    return "m-" + randomHex();
  }

  /* A colour as [r, g, b] (0-255), from #rgb or #rrggbb; null if not one. */
  function parseColor(value) {
    var m = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(String(value).trim());
    if (!m) {
      return null;
    }
    var hex = m[1];
    if (hex.length === 3) {
      hex = hex[0] + hex[0] + hex[1] + hex[1] + hex[2] + hex[2];
    }
    return [0, 2, 4].map(function (i) {
      return parseInt(hex.slice(i, i + 2), 16);
    });
  }

  function luminance(rgb) {
    var c = rgb.map(function (v) {
      v /= 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  }

  function contrast(a, b) {
    var la = luminance(a);
    var lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function toHex(rgb) {
    return "#" + rgb.map(function (v) {
      return (v + 256).toString(16).slice(1);
    }).join("");
  }

  var WHITE = [255, 255, 255];
  var BLACK = [0, 0, 0];
  var MIN_CONTRAST = 4.5; // WCAG 2.1 AA, normal text

  /* Text colour for the accent: pure white or pure black, whichever contrasts
     more. One of the two always reaches 4.5:1: for an accent of luminance L,
     black gives (L + 0.05) / 0.05 and white 1.05 / (L + 0.05); the better of the
     two is lowest where they are equal, L = sqrt(1.05 * 0.05) - 0.05, and there
     both give 4.58:1 (#cf0dcc comes closest of all sRGB colours). A near-black
     such as #111111 does not: on #7260ff it gives only 4.35:1. */
  function onColor(rgb) {
    return contrast(rgb, WHITE) >= contrast(rgb, BLACK) ? WHITE : BLACK;
  }

  /* The accent as drawn behind its text: the page's colour, unless the text on it
     would fall below 4.5:1 (by the bound above it cannot, but the promise must not
     hang on arithmetic alone); then it is shaded away from the text, in steps of
     5% towards the opposite extreme (which gives 21:1), until it reaches 4.5:1. */
  function accentShade(rgb, text) {
    var away = text === WHITE ? BLACK : WHITE;
    var shade = rgb;
    for (var step = 1; step <= 20 && contrast(shade, text) < MIN_CONTRAST; step++) {
      shade = rgb.map(function (v, i) {
        return Math.round(v + ((away[i] - v) * step) / 20);
      });
    }
    return shade;
  }

  /* ---------- storage: the conversation survives a reload ---------- */

  var memory = null;

  function storage() {
    try {
      var s = window.sessionStorage;
      s.setItem(STORAGE_KEY + ":probe", "1");
      s.removeItem(STORAGE_KEY + ":probe");
      return s;
    } catch (e) {
      return null;
    }
  }

  function freshState() {
    return { id: newSessionId(), open: config.open, log: [] };
  }

  function loadState() {
    var s = storage();
    var raw = s ? s.getItem(STORAGE_KEY) : memory;
    try {
      var state = raw ? JSON.parse(raw) : null;
      if (
        state &&
        typeof state.id === "string" &&
        /^web-[0-9a-f]{32}$/.test(state.id) &&
        Array.isArray(state.log)
      ) {
        // A message still on its way when the page went: not known to be sent.
        state.log.forEach(function (entry) {
          if (entry && entry.status === "sending") {
            entry.status = "failed";
          }
        });
        if (typeof state.sender !== "string" || !SIGNED_ID.test(state.sender)) {
          delete state.sender; // asked from the server before the next message
        }
        return state;
      }
    } catch (e) {
      /* a damaged entry: start again */
    }
    return freshState();
  }

  function saveState() {
    state.log = state.log.slice(-MAX_LOG);
    var raw = JSON.stringify(state);
    var s = storage();
    if (s) {
      try {
        s.setItem(STORAGE_KEY, raw);
      } catch (e) {
        memory = raw;
      }
    } else {
      memory = raw;
    }
  }

  /* ---------- events for the host page (never the message text) ---------- */

  var host = document.createElement("div");
  host.setAttribute("data-statement-bot", "");

  function emit(name, detail) {
    var data = { department: config.department || null };
    Object.keys(detail || {}).forEach(function (key) {
      data[key] = detail[key];
    });
    var event;
    try {
      event = new CustomEvent("statementbot:" + name, { bubbles: true, detail: data });
    } catch (e) {
      return; // a very old browser: no events
    }
    host.dispatchEvent(event);
  }

  /* ---------- light formatting of the bot's text, as DOM nodes ---------- */

  var TOKEN = new RegExp(
    [
      "\\[([^\\]\\n]{1,200})\\]\\(([^()\\s]{1,2000})\\)", // 1, 2: [text](url)
      "\\*\\*([^*\\n]+?)\\*\\*", // 3: **bold**
      "\\b([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})\\b", // 4: e-mail
      "((?:https?:\\/\\/)?(?:[A-Za-z0-9-]+\\.)+(?:com|org|net|gov|edu|us|info|io)\\b(?:\\/[^\\s<>\"]*)?)", // 5: link
      "((?:\\+1[\\s.-]?)?(?:\\(\\d{3}\\)\\s?|\\b\\d{3}[\\s.-])?\\b\\d{3}[.-]\\d{4}\\b)", // 6: phone
    ].join("|"),
    "gi"
  );

  /* The allow-list of link schemes: web pages, e-mail and telephone. */
  var SCHEMES = { "https:": true, "http:": true, "mailto:": true, "tel:": true };

  /* A safe href for a link found in the text (or a [text](url) target), or null. */
  function safeHref(text, kind) {
    var candidate = text;
    if (kind === "email") {
      candidate = "mailto:" + text;
    } else if (kind === "phone") {
      candidate = "tel:" + text.replace(/[^\d+]/g, "");
    } else if (kind === "web" && !/^https?:\/\//i.test(text)) {
      candidate = "https://" + text;
    }
    try {
      var url = new URL(candidate);
      return SCHEMES[url.protocol] ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(text, href) {
    var a = el("a", "sb-link", text);
    a.href = href;
    if (/^https?:/i.test(href)) {
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      a.appendChild(hidden(t("opensNewTab")));
    }
    return a;
  }

  /* Append one line's inline formatting (links, bold, contacts) to parent. */
  function appendInline(parent, line) {
    var last = 0;
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(line)) !== null) {
      var start = match.index;
      var whole = match[0];
      if (match[5]) {
        // Trailing punctuation ends a sentence, not the link.
        var trimmed = whole.replace(/[.,;:!?)\]]+$/, "");
        TOKEN.lastIndex = start + trimmed.length;
        whole = trimmed;
      }
      if (start > last) {
        parent.appendChild(document.createTextNode(line.slice(last, start)));
      }
      var href = null;
      var shown = whole;
      if (match[1] !== undefined) {
        shown = match[1];
        href = safeHref(match[2], "target");
      } else if (match[3] !== undefined) {
        parent.appendChild(el("strong", null, match[3]));
        last = start + whole.length;
        continue;
      } else if (match[4] !== undefined) {
        href = safeHref(whole, "email");
      } else if (match[5] !== undefined) {
        href = safeHref(whole, "web");
      } else {
        href = safeHref(whole, "phone");
      }
      parent.appendChild(href ? link(shown, href) : document.createTextNode(shown));
      last = start + whole.length;
    }
    if (last < line.length) {
      parent.appendChild(document.createTextNode(line.slice(last)));
    }
  }

  /* The bot's light Markdown: lines, "- " list items, **bold** and links. */
  function formatted(text) {
    var body = el("div", "sb-text");
    var list = null;
    String(text)
      .split(/\r?\n/)
      .forEach(function (line) {
        var item = /^\s*[-*\u2022]\s+(.*)$/.exec(line);
        if (item) {
          if (!list) {
            list = body.appendChild(el("ul", "sb-list"));
          }
          appendInline(list.appendChild(el("li")), item[1]);
          return;
        }
        list = null;
        if (line.trim()) {
          appendInline(body.appendChild(el("p", "sb-para")), line);
        }
      });
    return body;
  }

  /* ---------- the widget, inside its own shadow root ---------- */

  var state = loadState();
  var pending = false;
  var online = navigator.onLine !== false;
  var failedHidden = null; // a message sent without showing it (the greeting) that failed
  var nodes = {}; // message id -> its node in the log
  var statusAfter = ""; // the status line once the current message is answered

  var shadow = host.attachShadow({ mode: "open" });
  var accent = parseColor(config.color) || parseColor("#1d4f91");
  var root = el("div", "sb-root sb-" + position);
  root.lang = language.lang;
  var onAccent = onColor(accent);
  accent = accentShade(accent, onAccent);
  root.style.setProperty("--sb-accent", "rgb(" + accent.join(",") + ")");
  root.style.setProperty("--sb-on-accent", toHex(onAccent));
  root.style.visibility = "hidden"; // until the stylesheet has loaded

  var cssLink = document.createElement("link");
  cssLink.rel = "stylesheet";
  cssLink.href = new URL("statement-bot.css", script.src).href;
  function showRoot() {
    root.style.removeProperty("visibility");
  }
  cssLink.addEventListener("load", showRoot);
  cssLink.addEventListener("error", showRoot);
  shadow.appendChild(cssLink);
  shadow.appendChild(root);

  var launcher = el("button", "sb-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "sb-panel");
  var icon = el("span", "sb-launcher-icon", "?");
  icon.setAttribute("aria-hidden", "true");
  launcher.appendChild(icon);
  launcher.appendChild(el("span", null, config.title));

  var panel = el("section", "sb-panel");
  panel.id = "sb-panel"; // ids are the shadow root's own: no page can collide
  panel.setAttribute("aria-labelledby", "sb-title");
  panel.hidden = true;

  var header = el("div", "sb-header");
  var heading = el("h2", "sb-title", config.title);
  heading.id = "sb-title";
  var notice = el("p", "sb-notice", t("notice"));
  var headerText = el("div", "sb-header-text");
  headerText.appendChild(heading);
  headerText.appendChild(notice);
  var restart = el("button", "sb-restart", t("restart"));
  restart.type = "button";
  restart.setAttribute("aria-label", t("restartLabel"));
  var close = el("button", "sb-close", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", t("closeLabel"));
  header.appendChild(headerText);
  header.appendChild(restart);
  header.appendChild(close);

  var emergency = el("p", "sb-emergency");
  emergency.appendChild(el("strong", null, t("emergency")));
  emergency.appendChild(document.createTextNode(" " + t("emergencyDetail")));

  var days = config.retentionDays;
  var privacy = el(
    "p",
    "sb-privacy",
    [
      days === null || isNaN(days)
        ? t("keptUnknown")
        : days === 1
        ? t("keptOneDay")
        : days > 0
        ? t("keptDays", { days: days })
        : t("keptSession"),
      t("staffRead"),
      t("noPersonal"),
    ].join(" ")
  );

  var log = el("div", "sb-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", t("logLabel"));
  log.tabIndex = 0;

  var replies = el("div", "sb-replies");
  replies.setAttribute("role", "group");
  replies.setAttribute("aria-label", t("repliesLabel"));
  replies.hidden = true;

  var status = el("p", "sb-status");
  status.setAttribute("role", "status");

  /* Errors: announced at once, and kept until the problem is over. */
  var alertBox = el("div", "sb-alert");
  alertBox.setAttribute("role", "alert");
  var alertText = el("p", "sb-alert-text");
  alertBox.appendChild(alertText);

  var form = el("form", "sb-form");
  form.setAttribute("novalidate", "");
  var label = el("label", "sb-visually-hidden", t("inputLabel"));
  label.htmlFor = "sb-input";
  var input = el("input", "sb-input");
  input.id = "sb-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = MAX_INPUT;
  input.placeholder = t("placeholder");
  var send = el("button", "sb-send", t("send"));
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(emergency);
  panel.appendChild(log);
  panel.appendChild(replies);
  panel.appendChild(alertBox);
  panel.appendChild(status);
  panel.appendChild(form);
  panel.appendChild(privacy);
  root.appendChild(launcher);
  root.appendChild(panel);

  function messageNode(entry) {
    var who = entry.who === "user" ? "user" : "bot";
    var node = el("div", "sb-msg sb-" + who);
    node.appendChild(hidden(who === "user" ? t("youSaid") : t("assistantSaid")));
    if (who === "user") {
      node.appendChild(el("p", "sb-para", entry.text));
      if (entry.status === "failed") {
        node.appendChild(undeliveredNode(entry));
      }
    } else {
      node.appendChild(formatted(entry.text));
      if (entry.feedback && !entry.rated) {
        node.appendChild(feedbackNode(entry));
      }
    }
    if (entry.id) {
      nodes[entry.id] = node;
    }
    return node;
  }

  /* "Not sent." and a "Try again" button under a message that was not delivered. */
  function undeliveredNode(entry) {
    var note = el("p", "sb-undelivered");
    note.appendChild(el("span", "sb-undelivered-text", t("notSent")));
    note.appendChild(document.createTextNode(" "));
    var again = el("button", "sb-retry", t("tryAgain"));
    again.type = "button";
    again.setAttribute("aria-label", t("tryAgainLabel"));
    again.addEventListener("click", function () {
      retry(entry);
    });
    note.appendChild(again);
    return note;
  }

  function redraw(entry) {
    var old = nodes[entry.id];
    var fresh = messageNode(entry);
    if (old && old.parentNode) {
      old.parentNode.replaceChild(fresh, old);
    }
  }

  /* "Helpful?" under an answer from the statement store (the server marks
     which ones): two labelled buttons; the rating goes to the bot as a
     /feedback message, shown as the chosen label. Once rated, the pair goes. */
  function feedbackNode(entry) {
    var group = el("div", "sb-feedback");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", t("feedbackLabel"));
    group.appendChild(el("span", "sb-feedback-label", t("feedbackPrompt")));
    [
      ["up", t("feedbackYes"), t("feedbackYesLabel")],
      ["down", t("feedbackNo"), t("feedbackNoLabel")],
    ].forEach(function (choice) {
      var button = el("button", "sb-rate", choice[1]);
      button.type = "button";
      button.setAttribute("aria-label", choice[2]);
      button.addEventListener("click", function () {
        var rating = { rating: choice[0] };
        Object.keys(entry.feedback).forEach(function (key) {
          rating[key] = entry.feedback[key];
        });
        entry.rated = true;
        saveState();
        if (group.parentNode) {
          group.parentNode.removeChild(group);
        }
        emit("feedback", {
          rating: choice[0],
          topic: entry.feedback.rated_topic || null,
        });
        submit("/feedback" + JSON.stringify(rating), choice[2], "feedback");
      });
      group.appendChild(button);
    });
    return group;
  }

  /* The server's marker of a rateable answer: short plain strings only. */
  function feedbackOf(m) {
    var f = m && m.feedback;
    if (!f || typeof f !== "object") {
      return null;
    }
    var kept = {};
    ["department", "rated_topic"].forEach(function (key) {
      if (typeof f[key] === "string" && /^[\w .-]{1,60}$/.test(f[key])) {
        kept[key] = f[key];
      }
    });
    return kept;
  }

  function showReplies(buttons) {
    while (replies.firstChild) {
      replies.removeChild(replies.firstChild);
    }
    (buttons || []).forEach(function (b) {
      if (!b || typeof b.title !== "string" || typeof b.payload !== "string") {
        return;
      }
      var button = el("button", "sb-reply", b.title);
      button.type = "button";
      button.addEventListener("click", function () {
        submit(b.payload, b.title, "reply");
      });
      replies.appendChild(button);
    });
    replies.hidden = !replies.firstChild;
  }

  function lastButtons() {
    var last = state.log[state.log.length - 1];
    return last && last.who === "bot" ? last.buttons : [];
  }

  function addEntry(entry) {
    state.log.push(entry);
    saveState();
    log.appendChild(messageNode(entry));
    log.scrollTop = log.scrollHeight;
  }

  function setStatus(text) {
    status.textContent = text;
  }

  /* An error stays until it is over: the next delivered message, or back online. */
  function showAlert(text, retryHidden) {
    while (alertBox.firstChild) {
      alertBox.removeChild(alertBox.firstChild);
    }
    alertText.textContent = text;
    alertBox.appendChild(alertText);
    if (retryHidden) {
      var again = el("button", "sb-retry", t("tryAgain"));
      again.type = "button";
      again.addEventListener("click", function () {
        var failed = failedHidden;
        failedHidden = null;
        if (failed) {
          deliver(failed.message, failed.id, null, "greeting");
        }
      });
      alertBox.appendChild(again);
    }
  }

  function clearAlert() {
    while (alertBox.firstChild) {
      alertBox.removeChild(alertBox.firstChild);
    }
    alertText.textContent = "";
  }

  /* The conversation's sender id is issued (and signed) by the server, once per
     conversation (state.id is only this page's own name for it). */
  function senderId() {
    var forState = state;
    if (forState.sender) {
      return Promise.resolve(forState.sender);
    }
    return fetch(config.server + "/webhooks/rest/session", {
      method: "POST",
      credentials: "omit",
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (body) {
        if (!body || typeof body.sender !== "string" || !SIGNED_ID.test(body.sender)) {
          throw new Error("no sender id");
        }
        forState.sender = body.sender;
        if (forState === state) {
          saveState();
        }
        return body.sender;
      });
  }

  function request(message, messageId) {
    if (!online) {
      return Promise.reject(new Error("offline"));
    }
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, TIMEOUT_MS);
    var metadata = { message_id: messageId };
    if (config.department) {
      metadata.department = config.department;
    }
    return senderId()
      .then(function (sender) {
        return fetch(config.server + "/webhooks/rest/webhook", {
          method: "POST",
          headers: { "Content-Type": "application/json" },
          credentials: "omit",
          body: JSON.stringify({ sender: sender, message: message, metadata: metadata }),
          signal: controller ? controller.signal : undefined,
        });
      })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .finally(function () {
        clearTimeout(timer);
      });
  }

  function showAnswer(messages) {
    var rateable = false;
    var handoff = false;
    var count = 0;
    (Array.isArray(messages) ? messages : []).forEach(function (m) {
      if (m && typeof m.text === "string" && m.text) {
        var buttons = Array.isArray(m.buttons)
          ? m.buttons
              .filter(function (b) {
                return b && typeof b.title === "string" && typeof b.payload === "string";
              })
              .map(function (b) {
                return { title: b.title, payload: b.payload };
              })
          : [];
        var entry = { who: "bot", text: m.text, buttons: buttons };
        var feedback = feedbackOf(m);
        if (feedback) {
          entry.feedback = feedback;
          rateable = true;
        }
        handoff = handoff || m.handoff === true;
        count += 1;
        addEntry(entry);
      }
    });
    showReplies(lastButtons());
    log.scrollTop = log.scrollHeight;
    emit("answered", { messages: count, rateable: rateable });
    if (handoff) {
      emit("handoff", {});
    }
  }

  /* Send a message with its id; entry is its line in the log (null if hidden). */
  function deliver(message, messageId, entry, kind) {
    pending = true;
    var sessionAtSend = state.id;
    log.setAttribute("aria-busy", "true");
    send.disabled = true;
    setStatus(t("answering"));
    emit("sent", { kind: kind });
    request(message, messageId)
      .then(function (messages) {
        if (state.id !== sessionAtSend) {
          return; // the conversation was restarted meanwhile
        }
        setStatus(statusAfter);
        statusAfter = "";
        clearAlert();
        if (entry) {
          delete entry.status;
          saveState();
          redraw(entry);
        }
        showAnswer(messages);
      })
      .catch(function () {
        if (state.id !== sessionAtSend) {
          return;
        }
        setStatus("");
        if (entry) {
          entry.status = "failed";
          saveState();
          redraw(entry);
        } else {
          failedHidden = { message: message, id: messageId };
        }
        showAlert(online ? t("unreachable") : t("offline"), !entry);
        showReplies(entry ? [] : lastButtons());
      })
      .finally(function () {
        if (state.id === sessionAtSend) {
          pending = false;
          send.disabled = false;
          log.removeAttribute("aria-busy");
        }
      });
  }

  /* Send a message (shown as `shown`, or not at all when shown is null). */
  function submit(message, shown, kind) {
    message = String(message).slice(0, MAX_INPUT);
    if (pending || !message.trim() || !config.server) {
      return; // (without a server, the status line says the chat is not configured)
    }
    var replyHadFocus = replies.contains(shadow.activeElement);
    showReplies([]);
    var messageId = newMessageId();
    var entry = null;
    if (shown !== null) {
      entry = { who: "user", text: shown, id: messageId, payload: message, status: "sending" };
      addEntry(entry);
    }
    if (replyHadFocus) {
      input.focus(); // the clicked quick reply is gone: keep focus in the panel
    }
    deliver(message, messageId, entry, kind);
  }

  /* Try a message again, with the same id: the server answers it only once. */
  function retry(entry) {
    if (pending || entry.status !== "failed" || !MESSAGE_ID.test(entry.id || "")) {
      return;
    }
    var index = state.log.indexOf(entry);
    if (index >= 0) {
      state.log.splice(index, 1); // it moves to the end, where its answer lands
    }
    var old = nodes[entry.id];
    if (old && old.parentNode) {
      old.parentNode.removeChild(old);
    }
    entry.status = "sending";
    addEntry(entry);
    input.focus();
    deliver(entry.payload || entry.text, entry.id, entry, "retry");
  }

  function greet() {
    submit("/greet", null, "greeting");
  }

  function openPanel(focus) {
    var wasOpen = !panel.hidden;
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    saveState();
    if (focus) {
      input.focus();
    }
    log.scrollTop = log.scrollHeight;
    if (!wasOpen) {
      emit("open", {});
    }
    if (!state.log.length) {
      greet();
    }
  }

  function closePanel() {
    panel.hidden = true;
    launcher.hidden = false;
    launcher.setAttribute("aria-expanded", "false");
    state.open = false;
    saveState();
    launcher.focus();
    emit("close", {});
  }

  function restartConversation() {
    state = freshState();
    state.open = true;
    pending = false;
    failedHidden = null;
    nodes = {};
    send.disabled = false;
    log.removeAttribute("aria-busy");
    saveState();
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
    showReplies([]);
    clearAlert();
    input.value = "";
    input.focus();
    greet();
    statusAfter = t("restarted"); // said once the new greeting is in
  }

  launcher.addEventListener("click", function () {
    openPanel(true);
  });
  close.addEventListener("click", closePanel);
  restart.addEventListener("click", restartConversation);
  panel.addEventListener("keydown", function (event) {
    if (event.key === "Escape") {
      closePanel();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text || pending) {
      return;
    }
    input.value = "";
    submit(text, text, "typed");
  });

  window.addEventListener("offline", function () {
    online = false;
    showAlert(t("offline"), !!failedHidden);
  });
  window.addEventListener("online", function () {
    online = true;
    var anyFailed = state.log.some(function (entry) {
      return entry && entry.status === "failed";
    });
    if (anyFailed || failedHidden) {
      showAlert(t("online"), !!failedHidden); // the failed messages keep "Try again"
    } else {
      clearAlert();
      setStatus(t("online"));
    }
  });

  /* Phones: the panel follows the visual viewport (the on-screen keyboard). */
  if (window.visualViewport) {
    var fitViewport = function () {
      root.style.setProperty(
        "--sb-viewport-height",
        Math.round(window.visualViewport.height) + "px"
      );
    };
    window.visualViewport.addEventListener("resize", fitViewport);
    fitViewport();
  }

  /* History first (outside the page, so the live region doesn't read it out). */
  state.log.forEach(function (entry) {
    if (entry && typeof entry.text === "string") {
      log.appendChild(messageNode(entry));
    }
  });
  showReplies(lastButtons());

  function mount() {
    document.body.appendChild(host);
    if (!config.server) {
      setStatus(t("notConfigured"));
      send.disabled = true;
    }
    if (!online) {
      showAlert(t("offline"), false);
    }
    if (state.open) {
      openPanel(false);
    }
  }

  if (document.body) {
    mount();
  } else {
    document.addEventListener("DOMContentLoaded", mount);
  }

  window.StatementBotWidget = {
    open: function () {
      openPanel(true);
    },
    close: closePanel,
    restart: restartConversation,
    /* The English table: every key a language table must have. */
    strings: function () {
      return JSON.parse(JSON.stringify(STRINGS.en));
    },
  };
})();
