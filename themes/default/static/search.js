// The search page's half of search. It cuts a query exactly as the build
// cut the stories (src/render/search/terms.rs: CJK text into overlapping
// pairs of characters, other text into lowercase words without a plural
// "s"), fetches only the index shards that hold those terms, and lists the
// stories that hold every part of the query: each run of Chinese as written
// (its pairs side by side), each word whole or as the beginning of a longer
// one. The results are narrowed by district and topic.
(function (root) {
  "use strict";

  function isCjk(cp) {
    return cp === 0x3005 || cp === 0x3007 ||
      (cp >= 0x3040 && cp <= 0x30ff) ||
      (cp >= 0x3400 && cp <= 0x4dbf) ||
      (cp >= 0x4e00 && cp <= 0x9fff) ||
      (cp >= 0xac00 && cp <= 0xd7af) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0x20000 && cp <= 0x323af);
  }

  var WORD = /^[\p{Alphabetic}\p{N}]$/u;

  // Character by character, as the build lowercases, so that the two agree
  // even where a whole-string lowercasing would look at the neighbours.
  // Used to find the query's words in a result, to mark them.
  function normalize(text) {
    var out = "";
    for (var ch of text) {
      var cp = ch.codePointAt(0);
      if (cp >= 0xff01 && cp <= 0xff5e) {
        ch = String.fromCodePoint(cp - 0xfee0);
        cp -= 0xfee0;
      }
      out += isCjk(cp) ? ch : ch.toLowerCase();
    }
    return out;
  }

  function stem(word) {
    if (word.charAt(word.length - 1) !== "s") return word;
    var chars = Array.from(word).length;
    if (chars > 4 && /ies$/.test(word)) return word.slice(0, -3) + "y";
    if (chars > 3 && !/(ss|us|is)$/.test(word)) return word.slice(0, -1);
    return word;
  }

  /** Words of at least this many characters also find words they begin. */
  var PREFIX = 3;

  /**
   * What a query asks for, part by part: each run of CJK characters (a
   * phrase, asked for as its pairs, or a single character) and each word.
   */
  function queryParts(query) {
    var parts = [];
    var word = "";
    var run = [];
    var endRun = function () {
      if (run.length === 1) parts.push({ kind: "char", term: run[0] });
      if (run.length > 1) {
        var pairs = [];
        for (var i = 1; i < run.length; i++) pairs.push(run[i - 1] + run[i]);
        parts.push({ kind: "phrase", pairs: pairs });
      }
      run = [];
    };
    var endWord = function () {
      if (word) {
        var term = stem(word);
        parts.push({ kind: "word", term: term, prefix: Array.from(term).length >= PREFIX });
      }
      word = "";
    };
    for (var ch of query) {
      var cp = ch.codePointAt(0);
      if (cp >= 0xff01 && cp <= 0xff5e) {
        cp -= 0xfee0;
        ch = String.fromCodePoint(cp);
      }
      if (isCjk(cp)) {
        endWord();
        run.push(ch);
        continue;
      }
      endRun();
      if (WORD.test(ch)) word += ch.toLowerCase();
      else endWord();
    }
    endRun();
    endWord();
    return parts;
  }

  /** The terms a query asks for, each once, in the order they first appear. */
  function queryTerms(query) {
    var terms = [];
    queryParts(query).forEach(function (part) {
      (part.pairs || [part.term]).forEach(function (t) {
        if (terms.indexOf(t) < 0) terms.push(t);
      });
    });
    return terms;
  }

  /** The characters of a term that choose its shard: its first three. */
  function shardKey(term) {
    return Array.from(term).slice(0, PREFIX).join("");
  }

  /** FNV-1a of the term's UTF-8 bytes: which shard holds it. */
  function hash(term) {
    var h = 0x811c9dc5;
    var byte = function (b) {
      h = Math.imul(h ^ b, 0x01000193) >>> 0;
    };
    for (var ch of term) {
      var cp = ch.codePointAt(0);
      if (cp < 0x80) byte(cp);
      else if (cp < 0x800) {
        byte(0xc0 | (cp >> 6));
        byte(0x80 | (cp & 63));
      } else if (cp < 0x10000) {
        byte(0xe0 | (cp >> 12));
        byte(0x80 | ((cp >> 6) & 63));
        byte(0x80 | (cp & 63));
      } else {
        byte(0xf0 | (cp >> 18));
        byte(0x80 | ((cp >> 12) & 63));
        byte(0x80 | ((cp >> 6) & 63));
        byte(0x80 | (cp & 63));
      }
    }
    return h >>> 0;
  }

  var DIGITS = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
  var VALUE = {};
  var CODE = new Uint8Array(128);
  for (var i = 0; i < DIGITS.length; i++) {
    VALUE[DIGITS.charAt(i)] = i;
    CODE[DIGITS.charCodeAt(i)] = i;
  }

  /**
   * A number in five-bit digits, low bits first, a digit from the upper half
   * of DIGITS saying that more follow: the number of a places file.
   */
  function number(text) {
    var n = 0;
    var shift = 1;
    for (var pos = 0; pos < text.length; pos++) {
      var v = VALUE[text.charAt(pos)];
      if (v < 32) return n + v * shift;
      n += (v - 32) * shift;
      shift *= 32;
    }
    return n;
  }

  /**
   * A reader of numbers written as bits, six to a character of DIGITS, the
   * first bit highest: each number n as the Elias gamma code of n + 1.
   */
  function bits(text) {
    var pos = 0;
    var end = text.length * 6;
    var word = 0;
    var left = 0;
    var bit = function () {
      // Past the end (a file cut short) reads as ones, so a number ends.
      if (pos >= end) return 1;
      if (!left) {
        word = CODE[text.charCodeAt(pos / 6)];
        left = 6;
      }
      pos++;
      return (word >> --left) & 1;
    };
    return {
      at: function () {
        return pos;
      },
      bit: bit,
      next: function () {
        var zeros = 0;
        while (!bit()) zeros++;
        var x = 1;
        for (var i = 0; i < zeros; i++) x = x * 2 + bit();
        return x - 1;
      },
    };
  }

  /**
   * A term's postings: story numbers, ascending, and for each the weight
   * (how often the term occurs, up to 15, times two, plus one when it is in
   * the title), written as bits (src/render/search/files.rs, encode). A
   * pair's go on after a "." with the number of the file that holds its
   * places, `p<n>.json`.
   */
  function decode(text) {
    var dot = text.indexOf(".");
    var docs = [];
    var weights = [];
    var part = dot < 0 ? text : text.slice(0, dot);
    var r = bits(part);
    var doc = -1;
    // The last character's padding is all zeros; every story has a one.
    var end = part.length * 6;
    if (part) {
      var v = VALUE[part.charAt(part.length - 1)];
      while (!(v & 1) && end > (part.length - 1) * 6) {
        v >>= 1;
        end--;
      }
    }
    while (r.at() < end) {
      doc += r.next() + 1;
      docs.push(doc);
      weights.push((r.next() + 1) * 2 + r.bit());
    }
    var list = { docs: docs, weights: weights };
    if (dot >= 0) list.file = number(text.slice(dot + 1));
    return list;
  }

  /** Counts at this weight go on in the places: src/render/search/postings.rs MAX_COUNT. */
  var MAX_COUNT = 15;

  /**
   * Where a pair stands, story by story in the order of its postings: how
   * many times in all and in the title, and which occurrences of its first
   * character and of its second it stands at, each list ascending, the
   * title's first; null where it stands at every occurrence of that
   * character (the list 0, 1, 2, ... left out of the index). The weights say
   * how many there are, and whether any is in the title; the places add
   * only what they leave open (src/render/search/postings.rs, places).
   */
  function decodePlaces(text, weights) {
    var r = bits(text);
    return weights.map(function (w) {
      var count = w >> 1;
      if (count >= MAX_COUNT) count += r.next();
      var title = w & 1 ? r.next() + 1 : 0;
      var full = r.bit() * 2 + r.bit();
      var list = function (bit) {
        if (full & bit) return null;
        var out = [];
        for (var i = 0; i < count; i++) out.push(i ? out[i - 1] + r.next() + 1 : r.next());
        return out;
      };
      var first = list(1);
      return { count: count, title: title, first: first, second: list(2) };
    });
  }

  /** Where `value` is in an ascending list (null: 0 to n - 1), or -1. */
  function position(sorted, n, value) {
    if (!sorted) return value < n ? value : -1;
    var lo = 0;
    var hi = sorted.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (sorted[mid] < value) lo = mid + 1;
      else hi = mid;
    }
    return lo < sorted.length && sorted[lo] === value ? lo : -1;
  }

  /**
   * The stories holding a phrase, from the postings of every pair of it
   * with their places, in order: those where each pair stands at the
   * occurrence of their shared character where the one before it ends,
   * with how often the whole phrase does so, in the title or in the rest.
   */
  function phrase(lists) {
    var first = lists[0];
    var at = lists.map(function () {
      return 0;
    });
    var docs = [];
    var weights = [];
    for (var i = 0; i < first.docs.length; i++) {
      var doc = first.docs[i];
      var mine = [first.places[i]];
      for (var l = 1; l < lists.length; l++) {
        var other = lists[l];
        while (at[l] < other.docs.length && other.docs[at[l]] < doc) at[l]++;
        if (other.docs[at[l]] !== doc) break;
        mine.push(other.places[at[l]]);
      }
      if (mine.length < lists.length) continue;
      var counts = [0, 0];
      var start = mine[0];
      for (var s = 0; s < start.count; s++) {
        var occurrence = start.second ? start.second[s] : s;
        for (var k = 1; k < mine.length && occurrence >= 0; k++) {
          var next = mine[k];
          var j = position(next.first, next.count, occurrence);
          occurrence = j < 0 || !next.second ? j : next.second[j];
        }
        if (occurrence >= 0) counts[s < start.title ? 0 : 1]++;
      }
      if (counts[0] + counts[1] === 0) continue;
      docs.push(doc);
      weights.push((counts[0] + counts[1]) * 2 + (counts[0] ? 1 : 0));
    }
    return { docs: docs, weights: weights };
  }

  /**
   * The postings of several words as those of one: every story holding any
   * of them, in the title when one of them is, with their counts summed.
   */
  function union(lists) {
    if (lists.length === 1) return lists[0];
    var byDoc = new Map();
    lists.forEach(function (list) {
      list.docs.forEach(function (doc, i) {
        var w = list.weights[i];
        var had = byDoc.get(doc) || 0;
        byDoc.set(doc, ((had >> 1) + (w >> 1)) * 2 + ((had | w) & 1));
      });
    });
    var docs = Array.from(byDoc.keys()).sort(function (a, b) {
      return a - b;
    });
    return {
      docs: docs,
      weights: docs.map(function (doc) {
        return byDoc.get(doc);
      }),
    };
  }

  /**
   * The stories holding every part, best first: more parts in the title,
   * then more occurrences of the rarest part, then newer (a lower number).
   */
  function rank(lists) {
    if (!lists.length) return [];
    lists = lists.slice().sort(function (a, b) {
      return a.docs.length - b.docs.length;
    });
    var first = lists[0];
    var hits = first.docs.map(function (doc, i) {
      var w = first.weights[i];
      return { doc: doc, title: w & 1, count: w >> 1 };
    });
    for (var l = 1; l < lists.length && hits.length; l++) {
      var list = lists[l];
      var kept = [];
      var j = 0;
      for (var h = 0; h < hits.length; h++) {
        var hit = hits[h];
        while (j < list.docs.length && list.docs[j] < hit.doc) j++;
        if (j === list.docs.length) break;
        if (list.docs[j] !== hit.doc) continue;
        var w = list.weights[j];
        hit.title += w & 1;
        hit.count = Math.min(hit.count, w >> 1);
        kept.push(hit);
      }
      hits = kept;
    }
    hits.sort(function (a, b) {
      return b.title - a.title || b.count - a.count || a.doc - b.doc;
    });
    return hits.map(function (hit) {
      return hit.doc;
    });
  }

  /**
   * The index of one language, read through `load(name, version)`, which
   * resolves to a file of the index as JSON: the page fetches them, and
   * bench/search-size.mjs reads them from disk to count what a query costs.
   */
  function reader(load) {
    var metaPromise = null;
    function meta() {
      if (!metaPromise) {
        metaPromise = load("meta.json");
        metaPromise.catch(function () {
          metaPromise = null;
        });
      }
      return metaPromise;
    }

    function shard(m, term) {
      return load("s" + (hash(shardKey(term)) % m.shards) + ".json", m.version);
    }

    var own = function (terms, key) {
      return Object.prototype.hasOwnProperty.call(terms, key);
    };

    /** The postings of a query's part: a phrase, a character or a word. */
    function postings(m, part) {
      if (part.kind === "phrase" && part.pairs.length === 1) {
        var pair = part.pairs[0];
        return shard(m, pair).then(function (terms) {
          return decode(own(terms, pair) ? terms[pair] : "");
        });
      }
      if (part.kind === "phrase") {
        return Promise.all(part.pairs.map(function (pair) {
          return shard(m, pair).then(function (terms) {
            var list = decode(own(terms, pair) ? terms[pair] : "");
            if (list.file === undefined) {
              list.places = [];
              return list;
            }
            return load("p" + list.file + ".json", m.version).then(function (places) {
              list.places = decodePlaces(places[pair], list.weights);
              return list;
            });
          });
        })).then(phrase);
      }
      return shard(m, part.term).then(function (terms) {
        var keys = part.prefix
          ? Object.keys(terms).filter(function (k) {
              return k.startsWith(part.term);
            })
          : own(terms, part.term) ? [part.term] : [];
        if (!keys.length) return decode("");
        return union(keys.map(function (k) {
          return decode(terms[k]);
        }));
      });
    }

    function entry(m, doc) {
      var chunk = Math.floor(doc / m.chunk);
      return load("d" + chunk + ".json", m.version).then(function (items) {
        return items[doc - chunk * m.chunk];
      });
    }

    /**
     * The numbers of the stories that match, best first: every term of the
     * query, in the district and on the topic when they are given.
     */
    function find(q, district, topic) {
      var parts = queryParts(q);
      return meta().then(function (m) {
        var found;
        if (parts.length) {
          found = Promise.all(parts.map(function (part) {
            return postings(m, part);
          })).then(rank);
        } else {
          found = Promise.resolve(m.docs.map(function (_, i) {
            return i;
          }));
        }
        return found.then(function (docs) {
          var d = district ? m.districts.indexOf(district) : -1;
          var t = topic ? m.topics.indexOf(topic) : -1;
          if ((district && d < 0) || (topic && t < 0)) return [];
          return docs.filter(function (doc) {
            var facets = m.docs[doc];
            if (d >= 0 && facets[0] !== d) return false;
            if (t >= 0 && facets.indexOf(t, 1) < 0) return false;
            return true;
          });
        });
      });
    }

    return {
      meta: meta,
      find: find,
      entry: function (doc) {
        return meta().then(function (m) {
          return entry(m, doc);
        });
      },
    };
  }

  root.RendaSearch = {
    reader: reader,
    queryParts: queryParts,
    queryTerms: queryTerms,
    shardKey: shardKey,
    hash: hash,
    decode: decode,
    decodePlaces: decodePlaces,
    phrase: phrase,
    union: union,
    rank: rank,
  };

  if (!root.document) return;

  var PAGE = 20;
  var form = document.getElementById("search");
  if (!form) return;
  var input = document.getElementById("search-q");
  var districtSelect = document.getElementById("search-district");
  var topicSelect = document.getElementById("search-topic");
  var status = document.getElementById("search-status");
  var list = document.getElementById("search-results");
  var more = document.getElementById("search-more");
  var base = form.getAttribute("data-index");
  var text = function (key) {
    return form.getAttribute("data-" + key) || "";
  };

  var cache = {};
  function fetchJson(name, version) {
    var url = base + name + (version ? "?v=" + version : "");
    if (!cache[url]) {
      cache[url] = fetch(url, version ? {} : { cache: "no-cache" }).then(function (r) {
        if (!r.ok) throw new Error(url + ": " + r.status);
        return r.json();
      });
      cache[url].catch(function () {
        delete cache[url];
      });
    }
    return cache[url];
  }

  var shown = [];
  var results = [];
  var current = 0;
  var timer = null;

  function state() {
    return {
      q: input.value.trim(),
      district: districtSelect.value,
      topic: topicSelect.value,
    };
  }

  function remember(s) {
    var params = new URLSearchParams();
    if (s.q) params.set("q", s.q);
    if (s.district) params.set("district", s.district);
    if (s.topic) params.set("topic", s.topic);
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  var index = reader(fetchJson);
  var meta = index.meta;
  root.RendaSearch.find = index.find;
  root.RendaSearch.entry = index.entry;

  function search() {
    var s = state();
    var run = ++current;
    remember(s);
    if (!queryTerms(s.q).length && !s.district && !s.topic) {
      results = [];
      list.replaceChildren();
      more.hidden = true;
      status.textContent = "";
      list.removeAttribute("aria-busy");
      return Promise.resolve();
    }
    list.setAttribute("aria-busy", "true");
    return index.find(s.q, s.district, s.topic)
      .then(function (docs) {
        return meta().then(function (m) {
          if (run !== current) return;
          results = docs;
          shown = [];
          list.replaceChildren();
          announce(m, docs);
          return showMore(m, run);
        });
      })
      .catch(function () {
        if (run !== current) return;
        status.textContent = text("failed");
      })
      .then(function () {
        if (run === current) list.removeAttribute("aria-busy");
      });
  }

  /** The kinds of document, in the order the index numbers them. */
  var KINDS = ["stories", "projects", "deputies", "stations"];

  /**
   * Says how many of each kind were found ("3 stories and 1 deputy
   * found"), counting each document by the range of numbers its kind has.
   */
  function announce(m, docs) {
    if (docs.length === 0) {
      status.textContent = text("none");
      return;
    }
    var ends = [];
    var sum = 0;
    (m.kinds || [m.stories]).forEach(function (n) {
      sum += n;
      ends.push(sum);
    });
    var counts = ends.map(function () {
      return 0;
    });
    docs.forEach(function (doc) {
      var k = 0;
      while (k < ends.length - 1 && doc >= ends[k]) k++;
      counts[k]++;
    });
    var parts = [];
    counts.forEach(function (n, k) {
      if (n) parts.push(text(KINDS[k] + (n === 1 ? "-one" : "")).replace("{n}", String(n)));
    });
    var list = parts.length > 1
      ? parts.slice(0, -1).join(text("separator")) + text("last-separator") + parts[parts.length - 1]
      : parts[0];
    status.textContent = text("found").replace("{list}", list);
  }

  function showMore(m, run) {
    var next = results.slice(shown.length, shown.length + PAGE);
    return Promise.all(next.map(function (doc) {
      return index.entry(doc);
    })).then(function (items) {
      if (run !== current) return;
      var marks = markParts(input.value);
      items.forEach(function (item) {
        list.appendChild(render(item, marks));
      });
      shown = shown.concat(next);
      more.hidden = shown.length >= results.length;
    });
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach(function (c) {
      node.append(c);
    });
    return node;
  }

  /** The query's own words, for marking where they occur in a result. */
  function markParts(q) {
    return normalize(q).split(/[\s\u3000,，、;；]+/).filter(function (p) {
      return p.length > 0;
    });
  }

  function marked(s, parts) {
    var lower = normalize(s);
    if (lower.length !== s.length || !parts.length) return [s];
    var out = [];
    var at = 0;
    while (at < s.length) {
      var best = -1;
      var len = 0;
      parts.forEach(function (p) {
        var i = lower.indexOf(p, at);
        if (i >= 0 && (best < 0 || i < best)) {
          best = i;
          len = p.length;
        }
      });
      if (best < 0) break;
      if (best > at) out.push(s.slice(at, best));
      out.push(el("mark", {}, [s.slice(best, best + len)]));
      at = best + len;
    }
    if (at < s.length) out.push(s.slice(at));
    return out;
  }

  function render(item, parts) {
    // Deputies and stations have no date: they say what they are instead.
    var meta = item.date
      ? [el("time", { datetime: item.date.iso }, [item.date.text]), " · "]
      : [el("span", { class: "kind" }, [item.kind]), " · "];
    var place = item.place;
    var district = el("span", { lang: place.district.lang }, [place.district.text]);
    meta.push(place.url ? el("a", { href: place.url, lang: place.district.lang }, [place.district.text]) : district);
    if (place.town) {
      meta.push(" · ", el("a", { href: place.town.url, lang: place.town.label.lang }, [place.town.label.text]));
    }
    if (item.status) {
      meta.push(" · ", el("span", { class: "status status-" + item.status.key }, [item.status.label]));
    }
    var children = [
      el("h2", { class: "story-item-title" }, [
        el("a", { href: item.url, lang: item.title.lang }, marked(item.title.text, parts)),
      ]),
      el("p", { class: "meta" }, meta),
    ];
    if (item.summary) {
      children.push(el("p", { class: "summary", lang: item.summary.lang }, marked(item.summary.text, parts)));
    }
    return el("li", { class: "story-item" }, children);
  }

  function soon() {
    clearTimeout(timer);
    timer = setTimeout(search, 200);
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearTimeout(timer);
    search();
  });
  input.addEventListener("input", soon);
  districtSelect.addEventListener("change", search);
  topicSelect.addEventListener("change", search);
  more.addEventListener("click", function () {
    var first = shown.length;
    meta().then(function (m) {
      return showMore(m, current);
    }).then(function () {
      var link = list.children[first] && list.children[first].querySelector("a");
      if (link) link.focus();
    });
  });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  districtSelect.value = params.get("district") || "";
  topicSelect.value = params.get("topic") || "";
  if (districtSelect.selectedIndex < 0) districtSelect.value = "";
  if (topicSelect.selectedIndex < 0) topicSelect.value = "";
  form.setAttribute("data-ready", "true");
  if (input.value || districtSelect.value || topicSelect.value) search();
})(typeof window !== "undefined" ? window : globalThis);
