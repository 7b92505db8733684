// Live preview client for `briefing serve`. Reloads the page after every
// successful rebuild and shows an overlay while a rebuild is failing.
(function () {
  "use strict";

  var EVENTS_URL = __BRIEFING_EVENTS_URL__; // root-relative: works behind a proxy
  var OVERLAY_ID = "briefing-error-overlay";

  var script = document.currentScript ||
    document.querySelector('script[data-generation][src$="__briefing/client.js"]');
  var generation = script ? script.getAttribute("data-generation") : null;

  var source = null;
  var reloading = false;
  var dismissed = null; // message whose overlay the reader dismissed

  function parse(data) {
    try {
      var v = JSON.parse(data);
      return v && typeof v === "object" ? v : null;
    } catch (e) {
      return null;
    }
  }

  function reload() {
    if (reloading) return;
    reloading = true;
    if (source) source.close();
    location.reload();
  }

  function hideOverlay() {
    var el = document.getElementById(OVERLAY_ID);
    if (el) el.remove();
  }

  // css sets an element's style property by property: a Content-Security-
  // Policy without 'unsafe-inline' in style-src blocks a style attribute,
  // and the CSP specification also gates parsing a whole declaration block
  // (the cssText setter), but never single properties.
  function css(el, props) {
    for (var name in props) {
      if (Object.prototype.hasOwnProperty.call(props, name)) {
        el.style.setProperty(name, props[name]);
      }
    }
  }

  function showOverlay(message) {
    hideOverlay();
    var box = document.createElement("div");
    box.id = OVERLAY_ID;
    box.setAttribute("role", "alert");
    css(box, {
      "all": "initial", "position": "fixed", "top": "0", "left": "0", "right": "0",
      "z-index": "2147483647", "box-sizing": "border-box", "max-height": "60vh",
      "overflow": "auto", "padding": "12px 16px", "background": "#8b0000",
      "color": "#fff", "font": "14px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace",
      "white-space": "pre-wrap", "box-shadow": "0 2px 12px rgba(0,0,0,.5)"
    });

    var title = document.createElement("strong");
    title.textContent = "Build failed \u2014 showing the last good site";
    css(title, {"display": "block", "margin": "0 40px 8px 0", "font": "inherit", "font-weight": "bold", "color": "inherit"});

    var text = document.createElement("pre");
    text.textContent = message; // never innerHTML: the message is untrusted
    css(text, {"margin": "0", "font": "inherit", "color": "inherit", "white-space": "pre-wrap", "overflow-wrap": "anywhere"});

    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "\u00d7";
    close.setAttribute("aria-label", "Dismiss build error");
    close.title = "Dismiss";
    css(close, {
      "position": "absolute", "top": "6px", "right": "8px", "padding": "2px 10px",
      "font": "20px/1 sans-serif", "color": "#fff", "background": "transparent",
      "border": "1px solid rgba(255,255,255,.6)", "border-radius": "4px", "cursor": "pointer"
    });
    close.addEventListener("click", function () {
      dismissed = message;
      hideOverlay();
    });

    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(text);
    (document.body || document.documentElement).appendChild(box);
  }

  function connect() {
    source = new EventSource(EVENTS_URL);

    // Sent on every (re)connect: catches rebuilds that happened while the
    // page was loading or while the server was restarting, and shows the
    // overlay on pages loaded while the build is broken.
    source.addEventListener("state", function (e) {
      var s = parse(e.data);
      if (!s) return;
      if (generation !== null && String(s.generation) !== generation) {
        reload();
        return;
      }
      if (s.error) {
        if (s.error !== dismissed) showOverlay(s.error);
      } else {
        dismissed = null;
        hideOverlay();
      }
    });

    source.addEventListener("reload", reload);

    // "error" is both the server's build-error event (a MessageEvent with
    // data) and EventSource's own connection-error event (no data).
    source.addEventListener("error", function (e) {
      if (typeof e.data === "string") {
        var s = parse(e.data);
        if (s && s.error) {
          dismissed = null;
          showOverlay(s.error);
        }
        return;
      }
      // Connection trouble: the browser reconnects by itself, unless the
      // server answered with something other than a stream (e.g. a proxy
      // error while it restarts); then try again shortly.
      if (source.readyState === EventSource.CLOSED && !reloading) {
        setTimeout(function () {
          if (!reloading && source.readyState === EventSource.CLOSED) connect();
        }, 2000);
      }
    });
  }

  if (typeof EventSource === "function") connect();
})();
