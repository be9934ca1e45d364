//! `Shared<T>`: an `Arc` whose equality is identity, for memo values that are expensive to
//! compare (a study, a price series). A recomputed memo always counts as changed, which is
//! right because it only recomputes when an input changed.

use std::ops::Deref;
use std::sync::Arc;

/// An `Arc<T>` compared by pointer.
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Shared<T> {
    /// Wraps a value.
    pub fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Arc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}
