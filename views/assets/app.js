// Progressive enhancement only: every form works without this file.
(function () {
  'use strict';

  // Focus the error summary (or the first invalid field) so keyboard and screen-reader users land on the problem.
  function focusErrors() {
    var summary = document.querySelector('[data-error-summary]');
    var firstInvalid = document.querySelector('[aria-invalid="true"]');
    if (firstInvalid) firstInvalid.focus();
    else if (summary) summary.focus();
  }

  // Forms marked data-confirm ask before submitting (disable, deactivate, exit a card ...).
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) e.preventDefault();
  });

  document.addEventListener('click', function (e) {
    var t = e.target;
    if (!(t instanceof Element)) return;
    if (t.closest('[data-print]')) {
      e.preventDefault();
      window.print();
    }
    if (t.closest('[data-back]') && window.history.length > 1) {
      e.preventDefault();
      window.history.back();
    }
  });

  // ID number preview: birth date, age and sex encoded in an 18-character number, with the check digit verified.
  var WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  var CHECK = '10X98765432';
  function describeId(raw, today) {
    var id = raw.replace(/\s+/g, '').toUpperCase();
    if (id.length === 0) return { text: '' };
    // The edit form shows saved numbers masked (110105***********X): posted back unchanged, they are kept.
    if (/^\d{6}\*{11}[\dX]$/.test(id)) return { text: '已保存的号码（中间11位已隐藏）' };
    if (!/^\d{17}[\dX]$/.test(id)) return { text: '身份证号应为 18 位（已输入 ' + id.length + ' 位）', bad: id.length >= 18 };
    var y = +id.slice(6, 10),
      m = +id.slice(10, 12),
      d = +id.slice(12, 14);
    var date = new Date(Date.UTC(y, m - 1, d));
    if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return { text: '出生日期无效', bad: true };
    // A birth date after today would print a negative age: refuse it like the server does.
    var todayKey = today.getFullYear() * 10000 + (today.getMonth() + 1) * 100 + today.getDate();
    if (y * 10000 + m * 100 + d > todayKey) return { text: '身份证号中的出生日期在今天之后，请核对证件', bad: true };
    var sum = 0;
    for (var i = 0; i < 17; i++) sum += +id[i] * WEIGHTS[i];
    // Never name the expected check character: the typo is as likely elsewhere, and "fixing" the last one hides it.
    if (CHECK[sum % 11] !== id[17]) return { text: '身份证号校验不通过，请逐位核对证件', bad: true };
    var age = today.getFullYear() - y - (today.getMonth() + 1 < m || (today.getMonth() + 1 === m && today.getDate() < d) ? 1 : 0);
    var sex = +id[16] % 2 === 1 ? '男' : '女';
    var text = '出生日期 ' + id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14) + '，' + age + ' 岁，' + sex;
    var warn = '';
    if (age < 15 || age > 49) warn = '不在 15–49 岁育龄范围内';
    return { text: text, warn: warn, birth: id.slice(6, 10) + '-' + id.slice(10, 12) + '-' + id.slice(12, 14), sex: sex };
  }
  function wireIdPreview(input) {
    var out = document.getElementById(input.dataset.idPreview);
    if (!out) return;
    var update = function () {
      var r = describeId(input.value, new Date());
      out.textContent = r.text + (r.warn ? '（' + r.warn + '）' : '');
      out.className = 'hint' + (r.bad ? ' err-text' : r.warn ? ' warn-text' : '');
      if (input.dataset.expectSex && r.sex && r.sex !== input.dataset.expectSex) {
        out.textContent += '（性别应为' + input.dataset.expectSex + '）';
        out.className = 'hint err-text';
      }
    };
    input.addEventListener('input', update);
    update();
  }

  // Type-to-find beside a long select (partials/select, `find`): the box is shown only here, and picking or typing
  // a village (or enough of "乡镇 · 村" to name one) selects it in the select, which is still what is posted.
  function wireSelectFind(input) {
    var select = document.getElementById(input.dataset.selectFind);
    var list = input.list;
    if (!select || !list) return;
    var wrap = input.closest('.field');
    if (wrap) wrap.hidden = false;
    var norm = function (s) {
      return s.replace(/\s+/g, '');
    };
    var pick = function () {
      var typed = norm(input.value);
      if (!typed) return;
      var entries = Array.prototype.slice.call(list.options);
      var hit = entries.filter(function (o) {
        return norm(o.value) === typed;
      });
      if (hit.length !== 1) {
        hit = entries.filter(function (o) {
          return norm(o.value).indexOf(typed) !== -1;
        });
      }
      if (hit.length !== 1) return;
      var value = hit[0].getAttribute('data-value');
      if (select.value !== value) {
        select.value = value;
        select.dispatchEvent(new Event('change', { bubbles: true }));
      }
    };
    input.addEventListener('input', pick);
    input.addEventListener('change', pick);
  }

  document.addEventListener('DOMContentLoaded', function () {
    focusErrors();
    Array.prototype.forEach.call(document.querySelectorAll('[data-id-preview]'), wireIdPreview);
    Array.prototype.forEach.call(document.querySelectorAll('[data-select-find]'), wireSelectFind);
  });
})();
