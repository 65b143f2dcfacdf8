// Contestant pages: countdowns on the server's clock, the unit search box, and the quiz
// (each answer saved as it is picked, an offline queue, the timer and automatic hand-in).
// Nothing here knows which option is correct: the page never carries that.
(function () {
  "use strict";

  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrfToken = meta ? meta.getAttribute("content") : "";
  var SAVE_TEXT = {
    saving: "Đang lưu…",
    saved: "Đã lưu",
    retrying: "Chưa lưu được, đang thử lại",
    failed: "Không lưu được câu này; hãy chọn lại"
  };

  // How far the server's clock is ahead of this phone's (the page carries the server's now).
  function clockOffset(element) {
    var serverNow = Number(element.getAttribute("data-server-now"));
    return serverNow ? serverNow - Date.now() : 0;
  }

  function pad(n) { return (n < 10 ? "0" : "") + n; }

  // The same text the server renders first: "09:05", "01:02:03", "2 ngày 01:02:03".
  function clockText(ms) {
    var total = Math.max(0, Math.ceil(ms / 1000));
    var days = Math.floor(total / 86400);
    var hours = Math.floor((total % 86400) / 3600);
    var text = (hours || days ? pad(hours) + ":" : "") +
      pad(Math.floor((total % 3600) / 60)) + ":" + pad(total % 60);
    return days ? days + " ngày " + text : text;
  }

  function store(key) {
    // Private browsing may refuse localStorage; the page then keeps its queue in memory.
    var memory = {};
    function get() {
      try { return JSON.parse(window.localStorage.getItem(key) || "{}"); } catch (e) { return memory; }
    }
    function put(value) {
      memory = value;
      try { window.localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* memory */ }
    }
    function clear() {
      try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
    }
    return { get: get, put: put, clear: clear };
  }

  function newKey() {
    if (window.crypto && window.crypto.randomUUID) { return window.crypto.randomUUID(); }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function send(url, method, body, extraHeaders) {
    var headers = { "Content-Type": "application/json", "Accept": "application/json",
                    "X-CSRF-Token": csrfToken };
    Object.keys(extraHeaders || {}).forEach(function (name) { headers[name] = extraHeaders[name]; });
    return fetch(url, { method: method, credentials: "same-origin", headers: headers,
                        body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().catch(function () { return {}; })
          .then(function (data) { return { status: response.status, data: data }; });
      });
  }

  // --- Landing page: countdowns to a round opening or closing --------------------------------
  function firstTime(flag) {
    try {
      if (window.sessionStorage.getItem(flag)) { return false; }
      window.sessionStorage.setItem(flag, "1");
      return true;
    } catch (e) { return false; }
  }

  function startCountdowns(holder) {
    var offset = clockOffset(holder);
    var items = holder.querySelectorAll("[data-countdown-to]");
    function tick() {
      var now = Date.now() + offset;
      Array.prototype.forEach.call(items, function (item) {
        var target = Number(item.getAttribute("data-countdown-to"));
        item.textContent = clockText(target - now);
        // The server decides what is open: ask it again once, a moment after the time comes.
        if (target - now < -1000 && target - now > -60000 && firstTime("thidua:tai-lai:" + target)) {
          window.location.reload();
        }
      });
    }
    tick();
    window.setInterval(tick, 1000);
  }

  // --- Registration: Enter in the unit search box searches, it does not send the form ----------
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.hasAttribute &&
        event.target.hasAttribute("data-unit-search")) {
      event.preventDefault();
    }
  });

  // --- The quiz -------------------------------------------------------------------------------
  function startQuiz(form) {
    var attemptId = form.getAttribute("data-attempt");
    var deadline = Number(form.getAttribute("data-deadline"));
    var grace = Number(form.getAttribute("data-grace")) || 0;
    var resultUrl = form.getAttribute("data-result-url");
    var offset = clockOffset(form);
    var saved = store("thidua:bai:" + attemptId);
    // pending: answers picked but not yet confirmed by the server, kept across reloads.
    var state = saved.get();
    state.pending = state.pending || {};
    state.key = state.key || newKey();
    saved.put(state);
    form.querySelector("[data-idempotency-key]").value = state.key;

    var questions = Array.prototype.slice.call(form.querySelectorAll("fieldset[data-question]"));
    var predictionBox = form.querySelector("[data-prediction]");
    var predictionInput = predictionBox ? predictionBox.querySelector("input") : null;
    var connection = document.querySelector("[data-connection]");
    var submitStatus = form.querySelector("[data-submit-status]");
    var inFlight = false, retryTimer = null, retryDelay = 1000, stopped = false;
    var submitting = false, submitDelay = 1000;

    function fieldsetOf(qid) {
      return form.querySelector('fieldset[data-question="' + qid + '"]');
    }
    function picks(fieldset) {
      return Array.prototype.filter.call(fieldset.querySelectorAll("input[type=radio],input[type=checkbox]"),
        function (input) { return input.checked; }).map(function (input) { return Number(input.value); });
    }
    function showState(box, kind) {
      var label = box && box.querySelector("[data-save-state]");
      if (!label) { return; }
      label.textContent = kind ? SAVE_TEXT[kind] : "";
      label.className = "save-state" + (kind ? " " + kind : "");
    }
    function countAnswered() {
      var answered = questions.filter(function (fs) { return picks(fs).length > 0; }).length;
      document.querySelector("[data-answered]").textContent = answered;
      return answered;
    }
    function say(text) {
      connection.textContent = text;
      connection.hidden = !text;
    }
    function pendingBoxes() {
      var boxes = Object.keys(state.pending).map(fieldsetOf);
      if (state.predictionPending) { boxes.push(predictionBox); }
      return boxes;
    }

    // Picks made before a reload but never confirmed are put back, then sent again.
    Object.keys(state.pending).forEach(function (qid) {
      var fieldset = fieldsetOf(qid);
      if (!fieldset) { delete state.pending[qid]; return; }
      Array.prototype.forEach.call(fieldset.querySelectorAll("input[type=radio],input[type=checkbox]"),
        function (input) { input.checked = state.pending[qid].indexOf(Number(input.value)) !== -1; });
      showState(fieldset, "saving");
    });
    if (state.predictionPending && predictionInput) {
      predictionInput.value = state.prediction;
      showState(predictionBox, "saving");
    }
    countAnswered();

    function retryLater() {
      pendingBoxes().forEach(function (box) { showState(box, "retrying"); });
      window.clearTimeout(retryTimer);
      retryTimer = window.setTimeout(flush, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    }

    function flush() {
      if (inFlight || stopped) { return; }
      var qids = Object.keys(state.pending);
      var body = { answers: {} };
      var sent = {};
      qids.forEach(function (qid) {
        body.answers[qid] = state.pending[qid];
        sent[qid] = JSON.stringify(state.pending[qid]);
      });
      var sentPrediction = state.predictionPending ? state.prediction : null;
      if (sentPrediction !== null) { body.prediction = sentPrediction; }
      if (!qids.length && sentPrediction === null) { return; }
      if (navigator.onLine === false) { retryLater(); return; }
      inFlight = true;
      var sentAt = Date.now();
      send(form.getAttribute("data-save-url"), "PUT", body).then(function (answer) {
        inFlight = false;
        if (answer.status === 200) {
          retryDelay = 1000;
          say("");
          var serverNow = Date.parse(answer.data.server_now);
          if (serverNow) { offset = serverNow - (sentAt + Date.now()) / 2; }
          qids.forEach(function (qid) {
            if (JSON.stringify(state.pending[qid]) === sent[qid]) {
              delete state.pending[qid];
              showState(fieldsetOf(qid), "saved");
            }
          });
          if (sentPrediction !== null && state.prediction === sentPrediction) {
            state.predictionPending = false;
            showState(predictionBox, "saved");
          }
          saved.put(state);
          flush();
        } else if (answer.status === 409) {
          stopped = true;
          saved.clear();
          window.location.href = resultUrl;
        } else if (answer.status === 401) {
          say("Phiên đăng nhập đã hết. Các câu bạn đã chọn vẫn được giữ trên máy này; hãy đăng nhập lại để lưu tiếp.");
          connection.insertAdjacentHTML("beforeend", ' <a href="' + form.getAttribute("data-sign-in-url") + '">Đăng nhập lại</a>');
        } else if (answer.status === 403) {
          say("Trang đã quá cũ để lưu câu trả lời. Hãy tải lại trang; các câu đã chọn vẫn được giữ trên máy này.");
        } else if (answer.status === 422) {
          qids.forEach(function (qid) { delete state.pending[qid]; showState(fieldsetOf(qid), "failed"); });
          state.predictionPending = false;
          saved.put(state);
          say(answer.data.detail || "");
        } else {
          retryLater();
        }
      }, function () {
        inFlight = false;
        retryLater();
      });
    }

    form.addEventListener("change", function (event) {
      var fieldset = event.target.closest("fieldset[data-question]");
      if (!fieldset || stopped) { return; }
      state.pending[fieldset.getAttribute("data-question")] = picks(fieldset);
      saved.put(state);
      showState(fieldset, "saving");
      countAnswered();
      flush();
    });

    if (predictionInput) {
      var typing = null;
      predictionInput.addEventListener("input", function () {
        var value = predictionInput.value.trim();
        window.clearTimeout(typing);
        if (!/^\d{1,9}$/.test(value)) { showState(predictionBox, null); return; }
        state.prediction = Number(value);
        state.predictionPending = true;
        saved.put(state);
        showState(predictionBox, "saving");
        typing = window.setTimeout(flush, 800);
      });
    }

    window.addEventListener("online", function () { retryDelay = 1000; flush(); });

    // Hand-in: every pick on the page goes with it; retries reuse one Idempotency-Key.
    function submit(automatic) {
      if (submitting) { return; }
      submitting = true;
      stopped = true;
      window.clearTimeout(retryTimer);
      var body = { answers: {} };
      questions.forEach(function (fs) { body.answers[fs.getAttribute("data-question")] = picks(fs); });
      if (predictionInput && /^\d{1,9}$/.test(predictionInput.value.trim())) {
        body.prediction = Number(predictionInput.value.trim());
      }
      submitStatus.textContent = automatic ? "Đã hết giờ, đang nộp bài…" : "Đang nộp bài…";
      form.querySelector("[data-submit]").disabled = true;
      function attempt() {
        send(form.getAttribute("data-submit-url"), "POST", body, { "Idempotency-Key": state.key })
          .then(function (answer) {
            if (answer.status === 200 || answer.status === 409) {
              saved.clear();
              window.location.href = resultUrl + (answer.status === 409 ? "?het_gio=1" : "");
            } else if (answer.status === 422 || answer.status === 401 || answer.status === 403) {
              submitting = false;
              stopped = false;
              form.querySelector("[data-submit]").disabled = false;
              submitStatus.textContent = answer.data.detail || "Chưa nộp được bài.";
              if (automatic) {
                // The server finishes the attempt with what was saved once the grace is over.
                window.setTimeout(function () { window.location.href = resultUrl; },
                  Math.max(1000, deadline + grace + 1000 - (Date.now() + offset)));
              }
            } else {
              retry();
            }
          }, retry);
      }
      function retry() {
        submitStatus.textContent = "Chưa nộp được (mạng chập chờn), đang thử lại…";
        window.setTimeout(attempt, submitDelay);
        submitDelay = Math.min(submitDelay * 2, 10000);
      }
      attempt();
    }

    var dialog = document.querySelector("[data-confirm-dialog]");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var missing = questions.filter(function (fs) { return picks(fs).length === 0; })
        .map(function (fs) { return fs.querySelector(".question-number").textContent.replace(".", ""); });
      var text = missing.length
        ? "Bạn còn " + missing.length + " câu chưa trả lời (" + missing.join(", ") + ")."
        : "Bạn đã trả lời tất cả " + questions.length + " câu.";
      if (dialog && dialog.showModal) {
        dialog.querySelector("[data-confirm-text]").textContent = text;
        dialog.showModal();
        dialog.querySelector("[data-confirm-cancel]").focus();
      } else if (window.confirm(text + " Nộp bài ngay?")) {
        submit(false);
      }
    });
    if (dialog) {
      dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () { dialog.close(); });
      dialog.querySelector("[data-confirm-ok]").addEventListener("click", function () {
        dialog.close();
        submit(false);
      });
    }

    // The timer counts to the server's deadline on the server's clock, not the phone's.
    var timer = document.querySelector("[data-timer]");
    var bar = document.querySelector("[data-quiz-bar]");
    var warning = document.querySelector("[data-warning]");
    var warned = false, ticking = null;
    function tick() {
      var left = deadline - (Date.now() + offset);
      timer.textContent = clockText(left);
      if (left <= 60000 && !warned) {
        warned = true;
        bar.classList.add("warning");
        warning.hidden = false;
        warning.textContent = "Chỉ còn chưa đầy 1 phút! Câu trả lời đã được lưu tự động; bài sẽ tự nộp khi hết giờ.";
      }
      if (left <= 0) {
        window.clearInterval(ticking);
        submit(true);
      }
    }
    tick();
    ticking = window.setInterval(tick, 250);
    flush();
  }

  function start() {
    var holder = document.querySelector("[data-countdowns][data-server-now]");
    if (holder) { startCountdowns(holder); }
    var quiz = document.querySelector("form[data-attempt]");
    if (quiz) { startQuiz(quiz); }
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
