/*
 * Switchboard wallboard: opens the statistics it shows through the public API
 * (one POST /api/v1/stats with an array of them) and follows them on one Server-Sent Events stream
 * (GET /api/v1/stats/stream?refs=...). Times in state tick locally between notifications.
 */
(function () {
  'use strict';

  var API = '../api/v1/stats';
  var params = new URLSearchParams(window.location.search);
  function list(name, fallback) {
    var v = params.get(name);
    if (v === null) { return fallback; }
    return v.split(',').map(function (s) { return s.trim(); }).filter(function (s) { return s.length > 0; });
  }
  // Defaults match the traffic simulator shipped with the distribution (tenant demo, 20 agents, 3 queues).
  var tenant = params.get('tenant') || 'demo';
  var queues = list('queues', ['sales', 'support', 'billing']);
  var groups = list('groups', []);
  var defaultAgents = [];
  for (var i = 1; i <= 20; i++) { defaultAgents.push('agent-' + String(i).padStart(3, '0')); }
  var agents = list('agents', defaultAgents);
  var profile = params.get('profile') || 'Today';
  var slaTarget = Number(params.get('sla') || 80);

  // Not ready and after-call work apart (the seeded AgentsNotReady counts both).
  function statusCount(mask) {
    return { category: 'CurrentNumber', subject: 'Status', objects: ['AgentGroup', 'PlaceGroup', 'Tenant'], mask: mask };
  }
  var QUEUE_FIGURES = [
    { key: 'waiting', label: 'Calls waiting', statType: 'CallsWaiting', format: count, judge: waitingJudge },
    { key: 'oldest', label: 'Oldest waiting', statType: 'OldestWaiting', format: duration, ticks: true,
      notification: { mode: 'periodic', frequency: 1 }, judge: oldestJudge },
    { key: 'sl', label: 'Service level', statType: 'ServiceLevel20s', profile: true, format: percent, judge: slJudge },
    { key: 'asa', label: 'ASA', statType: 'ASA', profile: true, format: duration },
    { key: 'abandoned', label: 'Abandoned today', statType: 'CallsAbandoned', profile: true, format: count }
  ];
  var GROUP_FIGURES = [
    { key: 'ready', label: 'Ready', statType: 'AgentsReady', format: count },
    { key: 'notready', label: 'Not ready', statType: statusCount(['NotReadyForNextCall']), format: count },
    { key: 'talking', label: 'Talking', statType: 'AgentsTalking', format: count },
    { key: 'acw', label: 'In ACW', statType: statusCount(['AfterCallWork']), format: count }
  ];
  var STATES = {
    WaitForNextCall: ['Ready', 'ready'], NotReadyForNextCall: ['Not ready', 'notready'],
    AfterCallWork: ['After call work', 'acw'], CallInbound: ['Talking', 'talking'],
    CallOutbound: ['Talking (out)', 'talking'], CallInternal: ['Internal call', 'talking'],
    CallConsult: ['Consult', 'talking'], CallOnHold: ['On hold', 'talking'],
    CallRinging: ['Ringing', 'ringing'], CallDialing: ['Dialing', 'ringing'],
    LoggedIn: ['Logged in', 'notready'], LoggedOut: ['Logged out', 'off']
  };

  function count(v) { return v === null || v === undefined ? '–' : String(Math.round(v)); }
  function percent(v) { return v === null || v === undefined ? '–' : Math.round(v) + '%'; }
  function duration(v) {
    if (v === null || v === undefined) { return '–'; }
    var s = Math.max(0, Math.floor(v));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), sec = s % 60;
    var mm = (h > 0 ? String(m).padStart(2, '0') : String(m));
    return (h > 0 ? h + ':' : '') + mm + ':' + String(sec).padStart(2, '0');
  }
  function waitingJudge(v) { return v > 5 ? 'bad' : v > 0 ? 'warn' : 'ok'; }
  function oldestJudge(v) { return v >= 60 ? 'bad' : v >= 20 ? 'warn' : 'ok'; }
  function slJudge(v) { return v === null ? '' : v >= slaTarget ? 'ok' : v >= slaTarget - 10 ? 'warn' : 'bad'; }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (text !== undefined) { e.textContent = text; }
    return e;
  }

  // ref -> {render(value, at)}; cells keep their last value so ticking figures can be redrawn.
  var byRef = {};
  var cells = [];
  var source = null;

  function tile(container, title, figures, object) {
    var t = el('div', 'tile');
    t.appendChild(el('h3', null, title));
    var f = el('div', 'figures');
    t.appendChild(f);
    container.appendChild(t);
    figures.forEach(function (fig) {
      var box = el('div', 'figure');
      box.appendChild(el('span', 'label', fig.label));
      var value = el('span', 'value', '–');
      value.setAttribute('data-stat', object.id + '.' + fig.key);
      box.appendChild(value);
      f.appendChild(box);
      var cell = { fig: fig, object: object, node: value, value: null, at: null,
        draw: function () {
          var v = this.value;
          if (fig.ticks && typeof v === 'number' && v > 0 && this.at) {
            v += Math.max(0, (Date.now() - this.at) / 1000);
          }
          value.textContent = fig.format(v);
          value.className = 'value' + (fig.judge && v !== null ? ' ' + fig.judge(v) : '');
        } };
      cells.push(cell);
    });
  }

  function agentCard(id) {
    var card = el('div', 'agent off');
    card.setAttribute('data-agent', id);
    var since = el('span', 'since', '');
    card.appendChild(since);
    card.appendChild(el('div', 'name', id));
    var state = el('div', 'state', '–');
    card.appendChild(state);
    document.getElementById('agents').appendChild(card);
    cells.push({ fig: { statType: 'CurrentAgentState' }, object: { type: 'Agent', id: id }, value: null,
      draw: function () {
        var v = this.value || { status: 'LoggedOut' };
        var s = STATES[v.status] || [v.status, 'notready'];
        state.textContent = s[0];
        card.className = 'agent ' + s[1];
        card.setAttribute('data-state', v.status);
        since.textContent = v.since && v.status !== 'LoggedOut'
          ? duration((Date.now() - Date.parse(v.since)) / 1000) : '';
      } });
  }

  function build() {
    document.getElementById('tenant').textContent = '— ' + tenant;
    document.title = 'Wallboard ' + tenant;
    var q = document.getElementById('queues');
    queues.forEach(function (id) { tile(q, id, QUEUE_FIGURES, { type: 'Queue', id: id }); });
    var g = document.getElementById('groups');
    if (groups.length === 0) {
      tile(g, 'All agents', GROUP_FIGURES, { type: 'Tenant', id: tenant });
    } else {
      groups.forEach(function (id) { tile(g, id, GROUP_FIGURES, { type: 'AgentGroup', id: id }); });
    }
    agents.forEach(agentCard);
  }

  function setStatus(text, cls) {
    var s = document.getElementById('status');
    s.textContent = text;
    s.className = 'status ' + cls;
  }

  function apply(cell, answer) {
    cell.value = answer.value === undefined ? null : answer.value;
    cell.at = answer.at ? Date.parse(answer.at) : Date.now();
    cell.draw();
  }

  function bodyOf(cell) {
    return { statType: cell.fig.statType,
      object: { tenant: tenant, type: cell.object.type, id: cell.object.id },
      timeProfile: cell.fig.profile ? profile : 'Default',
      notification: cell.fig.notification || { mode: 'changes' } };
  }

  // Every cell in one request (an array of opens): a wallboard of 20 agents and a few queues
  // and groups has a hundred figures, and a hundred requests made the page slow to come up.
  function openAll() {
    return fetch(API, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(cells.map(bodyOf)) })
      .then(function (r) {
        return r.json().then(function (j) {
          if (!r.ok) { throw new Error((j && j.error) || ('HTTP ' + r.status)); }
          return j;
        });
      })
      .then(function (answers) {
        return cells.map(function (cell, i) {
          var j = answers[i];
          if (!j || !j.ref) {
            document.getElementById('error').textContent = cell.object.type + ' ' + cell.object.id + ': '
              + ((j && j.error) || 'not opened');
            return null;
          }
          cell.ref = j.ref; byRef[j.ref] = cell; apply(cell, j);
          return j.ref;
        });
      });
  }

  var retry = null;
  function connect() {
    if (source) { source.close(); source = null; }
    byRef = {};
    setStatus('connecting…', 'connecting');
    openAll().then(function (refs) {
      refs = refs.filter(function (r) { return r !== null; });
      if (refs.length === 0) { schedule(); return; }
      source = new EventSource(API + '/stream?refs=' + encodeURIComponent(refs.join(',')));
      source.addEventListener('stat', function (ev) {
        var n = JSON.parse(ev.data);
        var cell = byRef[n.ref];
        if (cell) { apply(cell, n); }
      });
      source.onopen = function () { setStatus('live', 'live'); };
      source.onerror = function () {
        // EventSource retries by itself; once it gives up (e.g. the refs died with a restart) open anew.
        if (source.readyState === EventSource.CLOSED) { schedule(); } else { setStatus('reconnecting…', 'connecting'); }
      };
    }, schedule);
  }
  function schedule() {
    setStatus('offline — retrying', 'down');
    if (retry === null) { retry = setTimeout(function () { retry = null; connect(); }, 5000); }
  }

  window.addEventListener('pagehide', function () {
    // The statistics stay in the persistent pool; closing only stops our notifications.
    Object.keys(byRef).forEach(function (ref) {
      fetch(API + '/' + encodeURIComponent(ref), { method: 'DELETE', keepalive: true }).catch(function () {});
    });
  });

  setInterval(function () {
    document.getElementById('clock').textContent = new Date().toLocaleTimeString();
    cells.forEach(function (c) { if (c.fig.ticks || c.fig.statType === 'CurrentAgentState') { c.draw(); } });
  }, 1000);

  build();
  connect();
}());
