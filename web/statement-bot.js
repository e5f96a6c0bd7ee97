/*
 * Statement Bot website widget.
 *
 * Embed with one script tag (see docs/operations.md, "Website widget"):
 *
 *   <script src="https://bot.example.org/statement-bot.js" defer
 *           data-server="https://bot.example.org:5005"
 *           data-department="cambridge"
 *           data-title="Ask Cambridge Police"
 *           data-color="#a31f34"></script>
 *
 * It talks to Rasa's REST channel (POST /webhooks/rest/webhook) and sends the
 * page's department as message metadata. Everything the user or the bot sends
 * is put on the page as text (DOM text nodes), never parsed as HTML.
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

  var config = {
    server: (script.getAttribute("data-server") || "").replace(/\/+$/, ""),
    department: script.getAttribute("data-department") || "",
    title: script.getAttribute("data-title") || "Statement Bot",
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

  function newSessionId() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    var hex = "";
    for (var i = 0; i < bytes.length; i++) {
      hex += (bytes[i] + 256).toString(16).slice(1);
    }
    return "web-" + hex;
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

  /* ---------- light formatting of the bot's text, as DOM nodes ---------- */

  var TOKEN = new RegExp(
    [
      "\\*\\*([^*\\n]+?)\\*\\*", // 1: **bold**
      "\\b([A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,})\\b", // 2: e-mail
      "((?:https?:\\/\\/)?(?:[A-Za-z0-9-]+\\.)+(?:com|org|net|gov|edu|us|info|io)\\b(?:\\/[^\\s<>\"]*)?)", // 3: link
    ].join("|"),
    "gi"
  );

  /* A safe href for a link found in the text, or null. */
  function safeHref(text, isEmail) {
    if (isEmail) {
      return "mailto:" + text;
    }
    var candidate = /^https?:\/\//i.test(text) ? text : "https://" + text;
    try {
      var url = new URL(candidate);
      return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
    } catch (e) {
      return null;
    }
  }

  function link(text, href) {
    var a = el("a", "sb-link", text);
    a.href = href;
    if (href.indexOf("mailto:") !== 0) {
      a.target = "_blank";
      a.rel = "noopener noreferrer nofollow";
      a.appendChild(hidden(" (opens in a new tab)"));
    }
    return a;
  }

  /* Append one line's inline formatting (bold, links) to parent. */
  function appendInline(parent, line) {
    var last = 0;
    var match;
    TOKEN.lastIndex = 0;
    while ((match = TOKEN.exec(line)) !== null) {
      var start = match.index;
      var whole = match[0];
      if (match[3]) {
        // Trailing punctuation ends a sentence, not the link.
        var trimmed = whole.replace(/[.,;:!?)\]]+$/, "");
        TOKEN.lastIndex = start + trimmed.length;
        whole = trimmed;
      }
      if (start > last) {
        parent.appendChild(document.createTextNode(line.slice(last, start)));
      }
      if (match[1] !== undefined) {
        parent.appendChild(el("strong", null, match[1]));
      } else {
        var href = safeHref(whole, match[2] !== undefined);
        parent.appendChild(href ? link(whole, href) : document.createTextNode(whole));
      }
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

  /* ---------- the widget ---------- */

  var state = loadState();
  var pending = false;

  var accent = parseColor(config.color) || parseColor("#1d4f91");
  var root = el("div", "sb-root");
  root.setAttribute("data-statement-bot", "");
  var onAccent = onColor(accent);
  accent = accentShade(accent, onAccent);
  root.style.setProperty("--sb-accent", "rgb(" + accent.join(",") + ")");
  root.style.setProperty("--sb-on-accent", toHex(onAccent));

  var cssLink = document.createElement("link");
  cssLink.rel = "stylesheet";
  cssLink.href = new URL("statement-bot.css", script.src).href;
  document.head.appendChild(cssLink);

  var launcher = el("button", "sb-launcher");
  launcher.type = "button";
  launcher.setAttribute("aria-expanded", "false");
  launcher.setAttribute("aria-controls", "sb-panel");
  var icon = el("span", "sb-launcher-icon", "?");
  icon.setAttribute("aria-hidden", "true");
  launcher.appendChild(icon);
  launcher.appendChild(el("span", null, config.title));

  var panel = el("section", "sb-panel");
  panel.id = "sb-panel";
  panel.setAttribute("aria-labelledby", "sb-title");
  panel.hidden = true;

  var header = el("div", "sb-header");
  var heading = el("h2", "sb-title", config.title);
  heading.id = "sb-title";
  var notice = el("p", "sb-notice", "Automated assistant (a bot), not a person.");
  var headerText = el("div", "sb-header-text");
  headerText.appendChild(heading);
  headerText.appendChild(notice);
  var restart = el("button", "sb-restart", "Restart");
  restart.type = "button";
  restart.setAttribute("aria-label", "Restart conversation");
  var close = el("button", "sb-close", "\u00d7");
  close.type = "button";
  close.setAttribute("aria-label", "Close chat");
  header.appendChild(headerText);
  header.appendChild(restart);
  header.appendChild(close);

  var emergency = el("p", "sb-emergency");
  emergency.appendChild(el("strong", null, "Emergency? Call 911."));
  emergency.appendChild(
    document.createTextNode(" This chat can\u2019t send help or take reports.")
  );

  var privacy = el(
    "p",
    "sb-privacy",
    (config.retentionDays === null || isNaN(config.retentionDays)
      ? "This conversation is kept for a limited time, then deleted."
      : config.retentionDays > 0
      ? "This conversation is kept for up to " + config.retentionDays +
        (config.retentionDays === 1 ? " day" : " days") + ", then deleted."
      : "This conversation is deleted after the session ends.") +
      " Department staff may read the questions people ask, never who asked them." +
      " Please don\u2019t type personal details such as names, addresses or case numbers."
  );

  var log = el("div", "sb-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  log.setAttribute("aria-relevant", "additions");
  log.setAttribute("aria-label", "Conversation");
  log.tabIndex = 0;

  var replies = el("div", "sb-replies");
  replies.setAttribute("role", "group");
  replies.setAttribute("aria-label", "Suggested replies");
  replies.hidden = true;

  var status = el("p", "sb-status");
  status.setAttribute("role", "status");

  var form = el("form", "sb-form");
  form.setAttribute("novalidate", "");
  var label = el("label", "sb-visually-hidden", "Your message");
  label.htmlFor = "sb-input";
  var input = el("input", "sb-input");
  input.id = "sb-input";
  input.type = "text";
  input.autocomplete = "off";
  input.maxLength = MAX_INPUT;
  input.placeholder = "Ask a question\u2026";
  var send = el("button", "sb-send", "Send");
  send.type = "submit";
  form.appendChild(label);
  form.appendChild(input);
  form.appendChild(send);

  panel.appendChild(header);
  panel.appendChild(emergency);
  panel.appendChild(log);
  panel.appendChild(replies);
  panel.appendChild(status);
  panel.appendChild(form);
  panel.appendChild(privacy);
  root.appendChild(launcher);
  root.appendChild(panel);

  function messageNode(entry) {
    var who = entry.who === "user" ? "user" : "bot";
    var node = el("div", "sb-msg sb-" + who);
    node.appendChild(hidden(who === "user" ? "You said: " : "Assistant: "));
    if (who === "user") {
      node.appendChild(el("p", "sb-para", entry.text));
    } else {
      node.appendChild(formatted(entry.text));
      if (entry.feedback && !entry.rated) {
        node.appendChild(feedbackNode(entry));
      }
    }
    return node;
  }

  /* "Helpful?" under an answer from the statement store (the server marks
     which ones): two labelled buttons; the rating goes to the bot as a
     /feedback message, shown as the chosen label. Once rated, the pair goes. */
  function feedbackNode(entry) {
    var group = el("div", "sb-feedback");
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Was this answer helpful?");
    group.appendChild(el("span", "sb-feedback-label", "Helpful?"));
    [
      ["up", "\ud83d\udc4d Yes", "Yes, helpful"],
      ["down", "\ud83d\udc4e No", "No, not helpful"],
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
        submit("/feedback" + JSON.stringify(rating), choice[2]);
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
        submit(b.payload, b.title);
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

  function request(message) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = setTimeout(function () {
      if (controller) {
        controller.abort();
      }
    }, TIMEOUT_MS);
    var metadata = {};
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

  /* Send a message (shown as `shown`, or not at all when shown is null). */
  function submit(message, shown) {
    message = String(message).slice(0, MAX_INPUT);
    if (pending || !message.trim()) {
      return;
    }
    pending = true;
    var sessionAtSend = state.id;
    var replyHadFocus = replies.contains(document.activeElement);
    showReplies([]);
    if (shown !== null) {
      addEntry({ who: "user", text: shown });
    }
    log.setAttribute("aria-busy", "true");
    send.disabled = true;
    setStatus("The assistant is answering\u2026");
    if (replyHadFocus) {
      input.focus(); // the clicked quick reply is gone: keep focus in the panel
    }
    request(message)
      .then(function (messages) {
        if (state.id !== sessionAtSend) {
          return; // the conversation was restarted meanwhile
        }
        setStatus("");
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
            }
            addEntry(entry);
          }
        });
        showReplies(lastButtons());
        log.scrollTop = log.scrollHeight;
      })
      .catch(function () {
        if (state.id === sessionAtSend) {
          setStatus("Sorry, the assistant can\u2019t be reached right now. Please try again.");
        }
      })
      .finally(function () {
        if (state.id === sessionAtSend) {
          pending = false;
          send.disabled = false;
          log.removeAttribute("aria-busy");
        }
      });
  }

  function greet() {
    submit("/greet", null);
  }

  function openPanel(focus) {
    panel.hidden = false;
    launcher.hidden = true;
    launcher.setAttribute("aria-expanded", "true");
    state.open = true;
    saveState();
    if (focus) {
      input.focus();
    }
    log.scrollTop = log.scrollHeight;
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
  }

  function restartConversation() {
    state = freshState();
    state.open = true;
    pending = false;
    send.disabled = false;
    log.removeAttribute("aria-busy");
    saveState();
    while (log.firstChild) {
      log.removeChild(log.firstChild);
    }
    showReplies([]);
    setStatus("Conversation restarted.");
    input.value = "";
    input.focus();
    greet();
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
    submit(text, text);
  });

  /* History first (outside the page, so the live region doesn't read it out). */
  state.log.forEach(function (entry) {
    if (entry && typeof entry.text === "string") {
      log.appendChild(messageNode(entry));
    }
  });
  showReplies(lastButtons());

  function mount() {
    document.body.appendChild(root);
    if (!config.server) {
      setStatus("This chat is not configured (data-server is missing).");
      send.disabled = true;
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
  };
})();
