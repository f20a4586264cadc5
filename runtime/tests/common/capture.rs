//! A `tracing` subscriber that keeps everything: every span with the fields it was created
//! with and every field recorded on it later, and every event with its fields and the span it
//! happened in. Install it for the current thread with [`Capture::install`] (a
//! `#[tokio::test]` runs on one thread).

use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span as created, with every field recorded on it since (in order; a field recorded twice
/// appears twice).
#[derive(Debug, Clone)]
pub struct SpanRecord {
    pub id: u64,
    pub name: String,
    pub fields: Vec<(String, String)>,
}

impl SpanRecord {
    /// The last value recorded for `name`.
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// An event, with the span it happened in (if any).
#[derive(Debug, Clone)]
pub struct EventRecord {
    pub target: String,
    pub span: Option<u64>,
    pub fields: Vec<(String, String)>,
}

impl EventRecord {
    pub fn field(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

#[derive(Default)]
struct State {
    spans: Vec<SpanRecord>,
    events: Vec<EventRecord>,
    /// Spans entered and not yet exited, innermost last.
    stack: Vec<u64>,
}

/// The capturing subscriber; clones share what was captured.
#[derive(Clone, Default)]
pub struct Capture {
    state: Arc<Mutex<State>>,
    next_id: Arc<AtomicU64>,
}

impl Capture {
    /// A new capture, installed as this thread's default subscriber until the guard drops.
    pub fn install() -> (Self, tracing::subscriber::DefaultGuard) {
        let capture = Self::default();
        let guard = tracing::subscriber::set_default(capture.clone());
        (capture, guard)
    }

    pub fn spans(&self) -> Vec<SpanRecord> {
        self.state.lock().unwrap().spans.clone()
    }

    pub fn events(&self) -> Vec<EventRecord> {
        self.state.lock().unwrap().events.clone()
    }

    /// Every name and value of every span and event, as text.
    pub fn all_text(&self) -> Vec<String> {
        let state = self.state.lock().unwrap();
        let spans = state.spans.iter().flat_map(|s| {
            std::iter::once(s.name.clone()).chain(s.fields.iter().map(|(k, v)| format!("{k}={v}")))
        });
        let events = state.events.iter().flat_map(|e| {
            std::iter::once(e.target.clone())
                .chain(e.fields.iter().map(|(k, v)| format!("{k}={v}")))
        });
        spans.chain(events).collect()
    }
}

/// Collects fields as `(name, value)`, values through `Debug` (strings unquoted).
struct Fields<'a>(&'a mut Vec<(String, String)>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.push((field.name().to_owned(), value.to_owned()));
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        // The whole chain, as a careless log line would print it.
        let mut text = value.to_string();
        let mut next = value.source();
        while let Some(cause) = next {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            next = cause.source();
        }
        self.0.push((field.name().to_owned(), text));
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.push((field.name().to_owned(), format!("{value:?}")));
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attrs: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::SeqCst) + 1;
        let mut fields = Vec::new();
        attrs.record(&mut Fields(&mut fields));
        self.state.lock().unwrap().spans.push(SpanRecord {
            id,
            name: attrs.metadata().name().to_owned(),
            fields,
        });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut state = self.state.lock().unwrap();
        if let Some(s) = state.spans.iter_mut().find(|s| s.id == span.into_u64()) {
            values.record(&mut Fields(&mut s.fields));
        }
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Vec::new();
        event.record(&mut Fields(&mut fields));
        let mut state = self.state.lock().unwrap();
        let span = event
            .parent()
            .map(Id::into_u64)
            .or_else(|| state.stack.last().copied());
        state.events.push(EventRecord {
            target: event.metadata().target().to_owned(),
            span,
            fields,
        });
    }

    fn enter(&self, span: &Id) {
        self.state.lock().unwrap().stack.push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut state = self.state.lock().unwrap();
        if let Some(at) = state.stack.iter().rposition(|&s| s == span.into_u64()) {
            state.stack.remove(at);
        }
    }
}
