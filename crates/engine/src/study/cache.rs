//! A small bounded cache shared by threads: the prepared pair's pools and placebo draws.

use std::sync::{Arc, Mutex};

/// Up to `capacity` values by key, oldest evicted first. Values are shared (`Arc`), computed
/// outside the lock, and a poisoned lock only means a miss: the cache never changes a result,
/// it only saves recomputing one.
#[derive(Debug)]
pub(crate) struct BoundedCache<K, V> {
    entries: Mutex<Vec<(K, Arc<V>)>>,
    capacity: usize,
}

impl<K: PartialEq, V> BoundedCache<K, V> {
    /// An empty cache holding at most `capacity` values (at least one).
    pub(crate) fn new(capacity: usize) -> Self {
        BoundedCache {
            entries: Mutex::new(Vec::new()),
            capacity: capacity.max(1),
        }
    }

    /// The value for `key`, from the cache or made by `make` (and kept).
    pub(crate) fn get_or_insert_with(&self, key: K, make: impl FnOnce(&K) -> V) -> Arc<V> {
        if let Ok(entries) = self.entries.lock()
            && let Some((_, hit)) = entries.iter().find(|(k, _)| *k == key)
        {
            return Arc::clone(hit);
        }
        let value = Arc::new(make(&key));
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= self.capacity {
                entries.remove(0);
            }
            entries.push((key, Arc::clone(&value)));
        }
        value
    }

    /// Values held now.
    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.entries.lock().map_or(0, |e| e.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_newest_entries_and_computes_each_miss_once() {
        let cache = BoundedCache::new(2);
        let mut made = 0;
        for key in [1, 2, 1, 3, 1, 2] {
            let v = cache.get_or_insert_with(key, |k| {
                made += 1;
                k * 10
            });
            assert_eq!(*v, key * 10);
        }
        // 1, 2 made; 1 hit; 3 evicts 1; 1 evicts 2; 2 evicts 3.
        assert_eq!(made, 5);
        assert_eq!(cache.len(), 2);
    }
}
