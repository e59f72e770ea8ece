// The 核验随机抽取 page: fetches a published record and its snapshot (or reads files the visitor
// chose), hands them to SpotCheckVerify (drawverify.js) and shows what it found. Nothing is sent back.
(function () {
  'use strict';
  var english = document.documentElement.lang === 'en';
  function t(zh, en) { return english ? en : zh; }
  var root = document.getElementById('verify');
  var outcome = document.getElementById('outcome');

  function text(tag, value, cls) {
    var element = document.createElement(tag);
    element.textContent = value;
    if (cls) element.className = cls;
    return element;
  }

  function show(result, names) {
    outcome.innerHTML = '';
    outcome.appendChild(text('h2', t('核验结果', 'Result')));
    outcome.appendChild(text('p', names, 'hint'));
    var verdict = result.ok
      ? text('p', t('一致：按公开算法重新计算的抽取结果与记录完全相同。', 'Agrees: the draw recomputed by the published algorithm is exactly the record.'), 'ok')
      : text('p', t('不一致：发现 ' + result.problems.length + ' 处问题。', 'Does not agree: ' + result.problems.length + ' problems found.'), 'problem');
    verdict.id = 'verdict';
    verdict.setAttribute('data-ok', result.ok ? 'true' : 'false');
    outcome.appendChild(verdict);
    if (result.problems.length) {
      var list = document.createElement('ul');
      list.id = 'problems';
      result.problems.forEach(function (problem) { list.appendChild(text('li', english ? problem.en : problem.zh)); });
      outcome.appendChild(list);
    }
    var summary = result.summary;
    if (summary && summary.strata) {
      outcome.appendChild(text('p', t('任务 ', 'Task ') + summary.task + t('，第 ', ', attempt ') + summary.attempt +
        t(' 次抽取；随机种子：', '; seed: ') + summary.seed));
      var table = document.createElement('table');
      table.className = 'strata';
      var head = document.createElement('tr');
      [t('层', 'Stratum'), t('候选数', 'Candidates'), t('记录所载的抽中对象（按抽取顺序）', 'Drawn according to the record, in order')].forEach(function (h) { head.appendChild(text('th', h)); });
      table.appendChild(head);
      summary.strata.forEach(function (stratum) {
        var row = document.createElement('tr');
        row.appendChild(text('td', stratum.name));
        row.appendChild(text('td', String(stratum.population)));
        row.appendChild(text('td', stratum.drawn.join('、')));
        table.appendChild(row);
      });
      outcome.appendChild(table);
    }
  }

  function failed(error) {
    outcome.innerHTML = '';
    var p = text('p', t('无法核验：', 'Cannot verify: ') + (error && error.message ? error.message : String(error)), 'problem');
    p.id = 'verdict';
    p.setAttribute('data-ok', 'false');
    outcome.appendChild(p);
  }

  function fetchBytes(name) {
    return fetch('/public/files/' + encodeURIComponent(name)).then(function (response) {
      if (!response.ok) throw new Error(t('无法下载 ', 'cannot download ') + name + ' (' + response.status + ')');
      return response.arrayBuffer();
    }).then(function (buffer) { return new Uint8Array(buffer); });
  }

  function attribute(xmlBytes, tag, name) {
    var doc = new DOMParser().parseFromString(new TextDecoder().decode(xmlBytes), 'application/xml');
    var element = doc.getElementsByTagNameNS('*', tag)[0];
    return element ? element.getAttribute(name) : null;
  }

  function fileBytes(input) {
    var file = input.files && input.files[0];
    if (!file) return Promise.resolve(null);
    return file.arrayBuffer().then(function (buffer) { return new Uint8Array(buffer); });
  }

  var preset = root.getAttribute('data-record');
  if (preset) {
    outcome.appendChild(text('p', t('正在下载并核验……', 'Downloading and verifying…')));
    fetchBytes(preset).then(function (record) {
      var snapshotName = attribute(record, 'registry', 'file');
      var previousName = attribute(record, 'previous', 'record');
      return Promise.all([snapshotName ? fetchBytes(snapshotName) : null, previousName ? fetchBytes(previousName) : null]).then(function (files) {
        return SpotCheckVerify.verifyDraw({ record: record, snapshot: files[0], previous: files[1] || undefined });
      }).then(function (result) { show(result, preset + (snapshotName ? ' + ' + snapshotName : '')); });
    }).catch(failed);
  }

  document.getElementById('local').addEventListener('submit', function (event) {
    event.preventDefault();
    var form = event.target;
    Promise.all([fileBytes(form.querySelector('#recordFile')), fileBytes(form.querySelector('#snapshotFile')),
                 fileBytes(form.querySelector('#previousFile'))]).then(function (files) {
      if (!files[0] || !files[1]) throw new Error(t('请选择抽取记录和名录库快照', 'choose a draw record and a registry snapshot'));
      return SpotCheckVerify.verifyDraw({ record: files[0], snapshot: files[1], previous: files[2] || undefined });
    }).then(function (result) { show(result, t('本地文件', 'local files')); }).catch(failed);
  });
})();
