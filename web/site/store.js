// The page's state directory, in IndexedDB: what `qrseal state` keeps in a folder.
//   state store (key -> value): roots (the pinned roots, as the site gave them), trust and
//     revocations (the list bytes held), clockMark (the latest time seen), journalKey (32 random
//     bytes, made once), checkpoint, mirror (an extra list URL).
//   journal store: one record per check, ids given in order by IndexedDB (autoIncrement), in the
//     form of a `qrseal journal export` line.
// Every write is its own transaction with strict durability: a record counts as written when
// its verdict is shown.

const DB_NAME = 'qrseal';
const DB_VERSION = 1;

function request(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

function done(tx) {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onabort = () => reject(tx.error || new Error('IndexedDB transaction aborted'));
    tx.onerror = () => reject(tx.error);
  });
}

export async function openStore() {
  const open = indexedDB.open(DB_NAME, DB_VERSION);
  open.onupgradeneeded = () => {
    const db = open.result;
    if (!db.objectStoreNames.contains('state')) db.createObjectStore('state');
    if (!db.objectStoreNames.contains('journal'))
      db.createObjectStore('journal', { keyPath: 'id', autoIncrement: true });
  };
  const db = await request(open);
  return new Store(db);
}

class Store {
  constructor(db) {
    this.db = db;
  }

  async get(key) {
    const tx = this.db.transaction('state', 'readonly');
    return request(tx.objectStore('state').get(key));
  }

  // Writes several keys at once (undefined values are skipped, null deletes).
  async put(values) {
    const tx = this.db.transaction('state', 'readwrite', { durability: 'strict' });
    const s = tx.objectStore('state');
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) continue;
      if (v === null) s.delete(k);
      else s.put(v, k);
    }
    return done(tx);
  }

  // Forgets the lists and the clock mark (a site that pins other roots), not the journal.
  async resetLists() {
    return this.put({ trust: null, revocations: null, clockMark: null });
  }

  // Appends a record; returns it with its id.
  async append(record) {
    const tx = this.db.transaction('journal', 'readwrite', { durability: 'strict' });
    const id = await request(tx.objectStore('journal').add({ ...record }));
    await done(tx);
    return { id, ...record };
  }

  async records() {
    const tx = this.db.transaction('journal', 'readonly');
    return request(tx.objectStore('journal').getAll());
  }

  async count() {
    const tx = this.db.transaction('journal', 'readonly');
    return request(tx.objectStore('journal').count());
  }
}

// The export line of a record: exactly `qrseal journal export`'s JSON Lines form
// (lib/journal_push.cpp journal_record_json): id first, then the record's fields in order.
export function exportLine(record) {
  const { id, ...rest } = record;
  const ordered = { id };
  for (const key of ['time', 'checkpoint', 'outcome', 'warnings', 'kid', 'ref_form', 'credential', 'sample_id'])
    ordered[key] = key in rest ? rest[key] : null;
  return JSON.stringify(ordered);
}
