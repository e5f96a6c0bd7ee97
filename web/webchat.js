/* Starts botfront's rasa-webchat (web/vendor/rasa-webchat.js, from npm) on the
 * /webchat.html demo page, with the settings a Rasa site would use:
 * the Socket.IO server, the page's department as customData, and a greeting. */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!window.WebChat || !window.WebChat.default) {
    console.error("rasa-webchat is missing: run `make webchat`");
    return;
  }
  window.WebChat.default(
    {
      socketUrl: script.getAttribute("data-server"),
      socketPath: "/socket.io/",
      customData: { department: script.getAttribute("data-department") },
      initPayload: "/greet",
      title: "Statement Bot",
      subtitle: script.getAttribute("data-subtitle"),
      inputTextFieldHint: "Ask about the mission, values, goals…",
      showMessageDate: false,
      // The conversation survives a reload, and ends with the browser tab.
      params: { storage: "session" },
    },
    null
  );
})();
