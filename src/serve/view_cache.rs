//! The preview's cache of brief views: each brief's template value, its hash and its
//! `briefs.json` record, kept between rebuilds by content path and made again only when the
//! brief, the config, the names of its terms or whether it is superseded change.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::hashing;
use crate::model::Site;
use crate::view::Views;

/// Cached view of one brief: the cache key, the template value and its hash.
struct CachedView {
    key: u64,
    value: Arc<Value>,
    hash: u64,
    record: Arc<[u8]>,
}

/// Brief views by content path.
#[derive(Default)]
pub struct ViewCache {
    views: HashMap<String, CachedView, hashing::FastBuild>,
    /// The views last handed out, in `Site::briefs` order: an in-place update keeps every
    /// brief at its place, so only the touched ones are replaced rather than every brief of a
    /// large site looked up again.
    ordered: Option<Ordered>,
}

/// Views, hashes and records in `Site::briefs` order; the lists are shared with the `Views`
/// handed out, which are dropped before the next update, so replacing a touched brief's
/// entries copies nothing.
struct Ordered {
    values: Arc<Vec<Arc<Value>>>,
    hashes: Vec<u64>,
    records: Arc<Vec<Arc<[u8]>>>,
}

impl ViewCache {
    /// Forget every view (the config changed: none can be reused).
    pub fn clear(&mut self) {
        self.views.clear();
        self.ordered = None;
    }

    /// Bring the cache in line with `site` and give the build's `Views` with each brief's view
    /// hash, in `Site::briefs` order. `touched`, when known, gives the positions in
    /// `Site::briefs` of the only briefs that can have changed since the last call (an
    /// in-place update, which keeps every brief in its place).
    pub fn update(&mut self, site: &Site, touched: Option<&[usize]>) -> (Views, Vec<u64>) {
        let config_key = hashing::value(&(&site.config, site.config.base_path()));
        // After an in-place update only the touched briefs can have changed.
        let only: Option<Vec<usize>> = match touched {
            Some(t) if self.views.len() == site.briefs.len() && self.ordered.is_some() => {
                let mut t = t.to_vec();
                t.sort_unstable();
                t.dedup();
                Some(t)
            }
            _ => None,
        };
        let candidates: Vec<usize> = only.clone().unwrap_or_else(|| (0..site.briefs.len()).collect());
        // A view is made again when its brief or its terms' display names changed.
        let keyed: Vec<(usize, u64)> = candidates
            .into_par_iter()
            .map(|i| {
                let b = &site.briefs[i];
                let superseded = crate::view::brief::superseded(site, i);
                // A record names the URLs of the briefs in its brief's lineage.
                let mut parts =
                    vec![config_key, b.revision, u64::from(superseded), crate::view::record::record_key(site, i)];
                for t in &site.taxonomies {
                    parts.extend(site.terms_of_brief(t.kind, i).map(|term| hashing::bytes(term.name.as_bytes())));
                }
                (i, hashing::combine(parts))
            })
            .collect();
        let missing: Vec<(usize, CachedView)> = keyed
            .par_iter()
            .filter(|(i, key)| self.views.get(&site.briefs[*i].source).is_none_or(|v| v.key != *key))
            .map(|&(i, key)| {
                let superseded = crate::view::brief::superseded(site, i);
                let (value, hash) = crate::view::brief_value(site, &site.briefs[i], superseded);
                let record = crate::view::record(site, i).into();
                (i, CachedView { key, value: value.into(), hash, record })
            })
            .collect();
        let n = site.briefs.len();
        let mut kept = self.ordered.take().filter(|o| only.is_some() && o.values.len() == n);
        if let Some(o) = &mut kept {
            let (values, records) = (Arc::make_mut(&mut o.values), Arc::make_mut(&mut o.records));
            for (i, v) in &missing {
                (values[*i], o.hashes[*i], records[*i]) = (v.value.clone(), v.hash, v.record.clone());
            }
        }
        self.views.extend(missing.into_iter().map(|(i, v)| (site.briefs[i].source.clone(), v)));
        if only.is_none() {
            let live_sources: HashSet<&str> = site.briefs.iter().map(|b| b.source.as_str()).collect();
            self.views.retain(|k, _| live_sources.contains(k.as_str()));
        }
        let ordered = kept.unwrap_or_else(|| {
            let (mut values, mut hashes, mut records) =
                (Vec::with_capacity(n), Vec::with_capacity(n), Vec::with_capacity(n));
            for b in &site.briefs {
                let v = &self.views[&b.source];
                values.push(v.value.clone());
                hashes.push(v.hash);
                records.push(v.record.clone());
            }
            Ordered { values: Arc::new(values), hashes, records: Arc::new(records) }
        });
        let views = Views::from_values(site, ordered.values.clone(), ordered.records.clone());
        let hashes = ordered.hashes.clone();
        self.ordered = Some(ordered);
        (views, hashes)
    }
}
