package serve

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"
)

// client is one open event stream. notify has room for one pending
// notification: Publish and Fail never block on it, and several changes
// made while the stream is busy coalesce into one, after which the stream
// reads the latest state.
type client struct {
	notify chan struct{}
}

// notifyLocked wakes every open event stream. s.mu must be held.
func (s *Server) notifyLocked() {
	for c := range s.clients {
		select {
		case c.notify <- struct{}{}:
		default: // a notification is already pending; it will see this change
		}
	}
}

// eventData is the JSON payload of every event on the stream.
type eventData struct {
	Generation uint64 `json:"generation"`
	Error      string `json:"error"`
}

// serveEvents serves the reload stream: an "event: state" with the current
// state at once, then "event: reload" after every Publish and "event: error"
// after every Fail, with ": ping" comments in between. It returns when the
// client goes away, when a write fails or times out, or on Close.
func (s *Server) serveEvents(w http.ResponseWriter, r *http.Request) {
	c := &client{notify: make(chan struct{}, 1)}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		plain(w, r, http.StatusServiceUnavailable, "503 server shutting down")
		return
	}
	st := s.stateLocked()
	if r.Method == http.MethodGet {
		s.clients[c] = struct{}{}
	}
	s.mu.Unlock()

	h := w.Header()
	setCommonHeaders(h)
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("X-Accel-Buffering", "no") // tell nginx-like proxies not to buffer
	if r.Method == http.MethodHead {
		w.WriteHeader(http.StatusOK)
		return
	}
	defer func() {
		s.mu.Lock()
		delete(s.clients, c)
		s.mu.Unlock()
	}()

	rc := http.NewResponseController(w)
	send := func(chunk []byte) bool {
		// Bound every write so a client that stops reading cannot keep
		// this handler alive forever; ErrNotSupported just means no bound.
		if err := rc.SetWriteDeadline(time.Now().Add(s.writeTimeout)); err != nil && !errors.Is(err, http.ErrNotSupported) {
			return false
		}
		if _, err := w.Write(chunk); err != nil {
			s.log.Debug("serve: event stream write failed", "err", err)
			return false
		}
		if err := rc.Flush(); err != nil {
			s.log.Debug("serve: event stream flush failed", "err", err)
			return false
		}
		return true
	}

	s.log.Debug("serve: event stream opened", "remote", r.RemoteAddr)
	defer s.log.Debug("serve: event stream closed", "remote", r.RemoteAddr)

	// "retry" asks the browser to reconnect quickly after the server
	// restarts; the state event on reconnect tells it what changed.
	first := append([]byte("retry: 1000\n\n"), event("state", st)...)
	if !send(first) {
		return
	}
	lastGen, lastFail := st.gen, st.failSeq

	ping := time.NewTicker(s.pingEvery)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-s.done:
			return
		case <-ping.C:
			if !send([]byte(": ping\n\n")) {
				return
			}
		case <-c.notify:
			st := s.snapshot()
			var chunk []byte
			switch {
			case st.gen != lastGen:
				// The page reloads and its new stream reports any error
				// that came after this Publish.
				chunk = event("reload", st)
			case st.failSeq != lastFail && st.errMsg != "":
				chunk = event("error", st)
			}
			lastGen, lastFail = st.gen, st.failSeq
			if chunk != nil && !send(chunk) {
				return
			}
		}
	}
}

// event formats one Server-Sent Event. The JSON data never contains a
// newline, so it fits one "data:" line.
func event(name string, st state) []byte {
	data, err := json.Marshal(eventData{Generation: st.gen, Error: st.errMsg})
	if err != nil {
		// Marshalling this struct cannot fail.
		panic(err)
	}
	b := make([]byte, 0, len(name)+len(data)+16)
	b = append(b, "event: "...)
	b = append(b, name...)
	b = append(b, "\ndata: "...)
	b = append(b, data...)
	b = append(b, "\n\n"...)
	return b
}
