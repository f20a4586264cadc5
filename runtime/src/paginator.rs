//! Paginators: a paged action's calls as a [`Stream`] of pages ([`PageStream`]) or of the
//! items of each page's main list ([`ItemStream`]).
//!
//! Generated code gives each paged action an `into_paginator()` whose `send()` and `items()`
//! build these streams from three small pieces: how to request one page (a closure over the
//! fluent builder), how to read a page ([`PageInfo`]), and how to take its items. Two styles:
//!
//! - **Page numbers** ([`PageStream::page_numbers`]): `PageNumber` counts up from the one set
//!   on the builder (1 by default). The stream stops after an empty page, or once the page
//!   number reaches `ceil(TotalCount / PageSize)` (the page size the response reports, else the
//!   one requested; without either, once the items seen from page 1 on reach `TotalCount`).
//! - **Tokens** ([`PageStream::tokens`]): each request carries the previous response's
//!   `NextToken`. The stream stops after an empty page, or when the response has no token, an
//!   empty one, or the very token it was requested with (which would loop forever).
//!
//! An error ends the stream after it is yielded (each call has already been retried as the
//! client's retry configuration says). Both streams implement [`futures_core::Stream`], and
//! have an inherent [`next`](PageStream::next) and `try_collect` for use without a futures
//! crate.

use crate::transport::BoxFuture;
pub use futures_core::Stream;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

/// What a paginator reads from one page to decide whether another follows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PageInfo<'a> {
    items: Option<usize>,
    total: Option<i64>,
    page_size: Option<i64>,
    next_token: Option<&'a str>,
}

impl<'a> PageInfo<'a> {
    /// A page about which nothing is known yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// The number of items in the page's main list (0 when the list is absent).
    pub fn items(mut self, count: usize) -> Self {
        self.items = Some(count);
        self
    }

    /// The `TotalCount` the response reports, if any.
    pub fn total(mut self, total: Option<i64>) -> Self {
        self.total = total;
        self
    }

    /// The `PageSize` the response reports, if any.
    pub fn page_size(mut self, size: Option<i64>) -> Self {
        self.page_size = size;
        self
    }

    /// The `NextToken` the response carries, if any.
    pub fn next_token(mut self, token: Option<&'a str>) -> Self {
        self.next_token = token;
        self
    }
}

/// A number or text field holding a page number, page size or total (`PageNumber` is an
/// `Integer` on some pages, a `Long` or a `String` on others).
pub trait PageValue: Sized {
    /// The value as a count; `None` when it is not one (text that is no integer).
    fn to_count(&self) -> Option<i64>;
    /// A page number as this type; `None` when it does not fit.
    fn from_count(n: i64) -> Option<Self>;
}

impl PageValue for i32 {
    fn to_count(&self) -> Option<i64> {
        Some(i64::from(*self))
    }
    fn from_count(n: i64) -> Option<Self> {
        i32::try_from(n).ok()
    }
}

impl PageValue for i64 {
    fn to_count(&self) -> Option<i64> {
        Some(*self)
    }
    fn from_count(n: i64) -> Option<Self> {
        Some(n)
    }
}

impl PageValue for String {
    fn to_count(&self) -> Option<i64> {
        self.trim().parse().ok()
    }
    fn from_count(n: i64) -> Option<Self> {
        Some(n.to_string())
    }
}

/// Where the next request starts.
enum Cursor {
    /// A page number (page-number style).
    Page(i64),
    /// The request as configured (the first request in token style).
    First,
    /// The previous response's token (token style).
    Token(String),
}

/// How pages follow one another, and what the stream has seen so far.
enum Progress {
    Numbers {
        /// The page number of the first request.
        first: i64,
        /// The page number of the request last sent.
        current: i64,
        /// The `PageSize` requested, if set.
        requested_size: Option<i64>,
        /// Items seen so far.
        seen: u64,
    },
    Tokens {
        /// The token of the request last sent (`None` for a first request without one).
        sent: Option<String>,
    },
}

/// A request for one page: `None` when the cursor cannot be expressed (a page number past the
/// parameter's type), which ends the stream.
type Fetch<T, E> = Box<dyn FnMut(Cursor) -> Option<BoxFuture<'static, Result<T, E>>> + Send>;

/// A stream of the pages of a paged action, each a `Result` of the action's response; built by
/// the generated `into_paginator().send()`. See the [module docs](self) for when it stops.
#[must_use = "streams do nothing unless polled"]
pub struct PageStream<T, E> {
    fetch: Fetch<T, E>,
    inspect: fn(&T) -> PageInfo<'_>,
    progress: Progress,
    next: Option<Cursor>,
    in_flight: Option<BoxFuture<'static, Result<T, E>>>,
}

impl<T, E> std::fmt::Debug for PageStream<T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageStream")
            .field("in_flight", &self.in_flight.is_some())
            .field("done", &(self.next.is_none() && self.in_flight.is_none()))
            .finish_non_exhaustive()
    }
}

impl<T: Send + 'static, E: Send + 'static> PageStream<T, E> {
    /// Pages by number from `first` (1 when `None` or below 1): `fetch(n)` sends the request
    /// for page `n` (`None` when `n` does not fit the parameter), `inspect` reads a page.
    /// `page_size` is the size requested, if set.
    pub fn page_numbers<F, Fut>(
        first: Option<i64>,
        page_size: Option<i64>,
        mut fetch: F,
        inspect: fn(&T) -> PageInfo<'_>,
    ) -> Self
    where
        F: FnMut(i64) -> Option<Fut> + Send + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
    {
        let first = first.filter(|n| *n >= 1).unwrap_or(1);
        Self {
            fetch: Box::new(move |cursor| match cursor {
                Cursor::Page(n) => fetch(n).map(|f| Box::pin(f) as BoxFuture<'static, _>),
                Cursor::First | Cursor::Token(_) => None,
            }),
            inspect,
            progress: Progress::Numbers {
                first,
                current: first,
                requested_size: page_size,
                seen: 0,
            },
            next: Some(Cursor::Page(first)),
            in_flight: None,
        }
    }

    /// Pages by token: `fetch(None)` sends the request as configured (`first_token` is the
    /// `NextToken` set on it, if any), `fetch(Some(token))` the same request with that token;
    /// `inspect` reads a page.
    pub fn tokens<F, Fut>(
        first_token: Option<String>,
        mut fetch: F,
        inspect: fn(&T) -> PageInfo<'_>,
    ) -> Self
    where
        F: FnMut(Option<String>) -> Fut + Send + 'static,
        Fut: Future<Output = Result<T, E>> + Send + 'static,
    {
        Self {
            fetch: Box::new(move |cursor| match cursor {
                Cursor::First => Some(Box::pin(fetch(None)) as BoxFuture<'static, _>),
                Cursor::Token(token) => Some(Box::pin(fetch(Some(token)))),
                Cursor::Page(_) => None,
            }),
            inspect,
            progress: Progress::Tokens {
                sent: first_token.filter(|t| !t.is_empty()),
            },
            next: Some(Cursor::First),
            in_flight: None,
        }
    }

    /// The next page; `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<T, E>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining page, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<T>, E> {
        let mut pages = Vec::new();
        while let Some(page) = self.next().await {
            pages.push(page?);
        }
        Ok(pages)
    }
}

impl<T, E> PageStream<T, E> {
    /// Starts the request for `cursor`, noting what it asks for; false when it cannot be made.
    fn start(&mut self, cursor: Cursor) -> bool {
        match (&cursor, &mut self.progress) {
            (Cursor::Page(n), Progress::Numbers { current, .. }) => *current = *n,
            (Cursor::Token(token), Progress::Tokens { sent }) => *sent = Some(token.clone()),
            _ => {}
        }
        self.in_flight = (self.fetch)(cursor);
        self.in_flight.is_some()
    }

    /// Decides from `page`, the answer to the request last sent, what to request next.
    fn advance(&mut self, page: &T) {
        let info = (self.inspect)(page);
        self.next = None;
        if info.items == Some(0) {
            return;
        }
        self.next = match &mut self.progress {
            Progress::Numbers {
                first,
                current,
                requested_size,
                seen,
            } => {
                *seen = seen.saturating_add(info.items.unwrap_or(0) as u64);
                let size = info
                    .page_size
                    .filter(|s| *s > 0)
                    .or(requested_size.filter(|s| *s > 0));
                let last = match (info.total, info.items) {
                    (Some(total), _) if total <= 0 => true,
                    // `current * size >= total`: `current` is at least `ceil(total / size)`.
                    (Some(total), items) => match size {
                        Some(size) => current.saturating_mul(size) >= total,
                        None if *first == 1 && items.is_some() => {
                            i64::try_from(*seen).unwrap_or(i64::MAX) >= total
                        }
                        // Items are counted: go on to an empty page.
                        None => items.is_none(),
                    },
                    // No total: go on to an empty page.
                    (None, Some(_)) => false,
                    // Nothing says whether another page follows: stop rather than loop.
                    (None, None) => true,
                };
                if last {
                    None
                } else {
                    current.checked_add(1).map(Cursor::Page)
                }
            }
            Progress::Tokens { sent } => match info.next_token {
                Some(token) if !token.is_empty() && sent.as_deref() != Some(token) => {
                    Some(Cursor::Token(token.to_owned()))
                }
                _ => None,
            },
        };
    }
}

impl<T, E> Stream for PageStream<T, E> {
    type Item = Result<T, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(in_flight) = this.in_flight.as_mut() {
                let result = std::task::ready!(in_flight.as_mut().poll(cx));
                this.in_flight = None;
                return Poll::Ready(Some(match result {
                    Ok(page) => {
                        this.advance(&page);
                        Ok(page)
                    }
                    Err(e) => {
                        this.next = None;
                        Err(e)
                    }
                }));
            }
            let started = match this.next.take() {
                Some(cursor) => this.start(cursor),
                None => false,
            };
            if !started {
                return Poll::Ready(None);
            }
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        if self.next.is_none() && self.in_flight.is_none() {
            (0, Some(0))
        } else {
            (0, None)
        }
    }
}

/// A stream of the items of every page's main list, in order; built by the generated
/// `into_paginator().items()`. An error is yielded in place of the page it stopped, and ends
/// the stream.
#[must_use = "streams do nothing unless polled"]
pub struct ItemStream<I, T, E> {
    pages: PageStream<T, E>,
    take: fn(T) -> Vec<I>,
    buffered: std::vec::IntoIter<I>,
}

// Nothing is pinned in place: the items are moved out of a plain buffer.
impl<I, T, E> Unpin for ItemStream<I, T, E> {}

impl<I, T, E> std::fmt::Debug for ItemStream<I, T, E> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ItemStream")
            .field("pages", &self.pages)
            .field("buffered", &self.buffered.len())
            .finish()
    }
}

impl<I, T, E> ItemStream<I, T, E> {
    /// The items of `pages`, each page's list taken by `take`.
    pub fn new(pages: PageStream<T, E>, take: fn(T) -> Vec<I>) -> Self {
        Self {
            pages,
            take,
            buffered: Vec::new().into_iter(),
        }
    }

    /// The next item; `None` after the last one (or after an error).
    pub async fn next(&mut self) -> Option<Result<I, E>> {
        std::future::poll_fn(|cx| Pin::new(&mut *self).poll_next(cx)).await
    }

    /// Every remaining item, or the first error.
    pub async fn try_collect(mut self) -> Result<Vec<I>, E> {
        let mut items = Vec::new();
        while let Some(item) = self.next().await {
            items.push(item?);
        }
        Ok(items)
    }
}

impl<I, T, E> Stream for ItemStream<I, T, E> {
    type Item = Result<I, E>;

    fn poll_next(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Option<Self::Item>> {
        let this = self.get_mut();
        loop {
            if let Some(item) = this.buffered.next() {
                return Poll::Ready(Some(Ok(item)));
            }
            match std::task::ready!(Pin::new(&mut this.pages).poll_next(cx)) {
                Some(Ok(page)) => this.buffered = (this.take)(page).into_iter(),
                Some(Err(e)) => return Poll::Ready(Some(Err(e))),
                None => return Poll::Ready(None),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// The cursors a fake action was asked for, in order.
    type Asked<C> = Arc<Mutex<Vec<C>>>;

    /// A page of a fake action: its items, total and token.
    #[derive(Debug, Clone, Default)]
    struct Page {
        items: Vec<u32>,
        total: Option<i64>,
        size: Option<i64>,
        token: Option<String>,
    }

    fn inspect(p: &Page) -> PageInfo<'_> {
        PageInfo::new()
            .items(p.items.len())
            .total(p.total)
            .page_size(p.size)
            .next_token(p.token.as_deref())
    }

    /// Runs `stream` to its end on a current-thread runtime: the pages' items, or the error.
    fn run<S: Stream<Item = Result<Page, String>> + Unpin>(
        mut stream: S,
    ) -> Vec<Result<Vec<u32>, String>> {
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        rt.block_on(async {
            let mut out = Vec::new();
            while let Some(page) =
                std::future::poll_fn(|cx| Pin::new(&mut stream).poll_next(cx)).await
            {
                out.push(page.map(|p| p.items));
                assert!(out.len() < 20, "the stream does not stop");
            }
            out
        })
    }

    /// A page-number stream over `pages` (page n is `pages[n - 1]`, an error past the end),
    /// recording the numbers requested.
    fn numbered(
        pages: Vec<Page>,
        first: Option<i64>,
        size: Option<i64>,
    ) -> (PageStream<Page, String>, Asked<i64>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let stream = PageStream::page_numbers(
            first,
            size,
            move |n| {
                log.lock().unwrap().push(n);
                let page = usize::try_from(n - 1)
                    .ok()
                    .and_then(|i| pages.get(i).cloned());
                Some(async move { page.ok_or_else(|| format!("no page {n}")) })
            },
            inspect,
        );
        (stream, asked)
    }

    fn page(items: &[u32], total: Option<i64>) -> Page {
        Page {
            items: items.to_vec(),
            total,
            ..Page::default()
        }
    }

    #[test]
    fn numbers_stop_at_the_last_page_by_total() {
        // Last page exactly full: 6 items, 2 a page.
        let pages = vec![
            page(&[1, 2], Some(6)),
            page(&[3, 4], Some(6)),
            page(&[5, 6], Some(6)),
        ];
        let (stream, asked) = numbered(pages.clone(), None, Some(2));
        assert_eq!(
            run(stream),
            [Ok(vec![1, 2]), Ok(vec![3, 4]), Ok(vec![5, 6])]
        );
        assert_eq!(*asked.lock().unwrap(), [1, 2, 3]);
        // The response's page size wins over the requested one; a short last page.
        let mut short = pages.clone();
        short[2].items.pop();
        for p in &mut short {
            p.total = Some(5);
            p.size = Some(2);
        }
        let (stream, asked) = numbered(short, None, Some(50));
        assert_eq!(run(stream).len(), 3);
        assert_eq!(*asked.lock().unwrap(), [1, 2, 3]);
        // Without any page size, items are counted against the total.
        let (stream, asked) = numbered(pages, None, None);
        assert_eq!(run(stream).len(), 3);
        assert_eq!(*asked.lock().unwrap(), [1, 2, 3]);
    }

    #[test]
    fn numbers_stop_on_an_empty_page_and_start_where_asked() {
        let pages = vec![page(&[1], None), page(&[2], None), page(&[], None)];
        let (stream, asked) = numbered(pages.clone(), Some(2), Some(1));
        assert_eq!(run(stream), [Ok(vec![2]), Ok(vec![])]);
        assert_eq!(*asked.lock().unwrap(), [2, 3]);
        let (stream, _) = numbered(vec![page(&[], Some(0))], Some(0), None);
        assert_eq!(run(stream), [Ok(vec![])]);
        // An error ends the stream after it is yielded.
        let (stream, asked) = numbered(pages[..1].to_vec(), None, Some(1));
        assert_eq!(run(stream), [Ok(vec![1]), Err("no page 2".to_string())]);
        assert_eq!(*asked.lock().unwrap(), [1, 2]);
    }

    #[test]
    fn numbers_without_count_or_total_stop_after_one_page() {
        let stream = PageStream::page_numbers(
            None,
            None,
            |_| Some(async { Ok::<_, String>(page(&[1], None)) }),
            |_| PageInfo::new(),
        );
        assert_eq!(run(stream).len(), 1);
        // A page number the parameter cannot hold ends the stream instead of wrapping.
        let stream = PageStream::page_numbers(
            Some(i64::from(i32::MAX)),
            Some(1),
            |n| i32::from_count(n).map(|_| async { Ok::<_, String>(page(&[1], Some(i64::MAX))) }),
            inspect,
        );
        assert_eq!(run(stream).len(), 1);
    }

    fn tokened(
        pages: Vec<(Option<&'static str>, Page)>,
        first: Option<&str>,
    ) -> (PageStream<Page, String>, Asked<Option<String>>) {
        let asked = Arc::new(Mutex::new(Vec::new()));
        let log = asked.clone();
        let stream = PageStream::tokens(
            first.map(str::to_owned),
            move |token: Option<String>| {
                log.lock().unwrap().push(token.clone());
                let found = pages
                    .iter()
                    .find(|(t, _)| t.map(str::to_owned) == token)
                    .map(|(_, p)| p.clone());
                async move { found.ok_or_else(|| format!("no page for {token:?}")) }
            },
            inspect,
        );
        (stream, asked)
    }

    fn tpage(items: &[u32], token: Option<&str>) -> Page {
        Page {
            items: items.to_vec(),
            token: token.map(str::to_owned),
            ..Page::default()
        }
    }

    #[test]
    fn tokens_follow_until_missing_empty_or_repeated() {
        for end in [None, Some("")] {
            let pages = vec![
                (None, tpage(&[1], Some("a"))),
                (Some("a"), tpage(&[2], Some("b"))),
                (Some("b"), tpage(&[3], end)),
            ];
            let (stream, asked) = tokened(pages, None);
            assert_eq!(run(stream), [Ok(vec![1]), Ok(vec![2]), Ok(vec![3])]);
            assert_eq!(
                *asked.lock().unwrap(),
                [None, Some("a".into()), Some("b".into())]
            );
        }
        // The same token again would loop forever.
        let (stream, asked) = tokened(
            vec![
                (None, tpage(&[1], Some("a"))),
                (Some("a"), tpage(&[2], Some("a"))),
            ],
            None,
        );
        assert_eq!(run(stream).len(), 2);
        assert_eq!(asked.lock().unwrap().len(), 2);
        // An empty page ends it even with a token.
        let (stream, _) = tokened(vec![(None, tpage(&[], Some("a")))], None);
        assert_eq!(run(stream), [Ok(vec![])]);
    }

    #[test]
    fn items_flatten_the_pages_and_stop_at_an_error() {
        let pages = vec![page(&[1, 2], Some(3)), page(&[3], Some(3))];
        let (stream, _) = numbered(pages, None, Some(2));
        let rt = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        let items = rt.block_on(ItemStream::new(stream, |p: Page| p.items).try_collect());
        assert_eq!(items, Ok(vec![1, 2, 3]));
        let (stream, _) = numbered(vec![page(&[1], None)], None, Some(1));
        let mut items = ItemStream::new(stream, |p: Page| p.items);
        rt.block_on(async {
            assert_eq!(items.next().await, Some(Ok(1)));
            assert_eq!(items.next().await, Some(Err("no page 2".to_string())));
            assert_eq!(items.next().await, None);
        });
    }

    #[test]
    fn page_values_convert_without_panicking() {
        assert_eq!(i32::from_count(i64::MAX), None);
        assert_eq!(i32::from_count(7), Some(7));
        assert_eq!(" 12 ".to_string().to_count(), Some(12));
        assert_eq!("x".to_string().to_count(), None);
        assert_eq!(String::from_count(3).as_deref(), Some("3"));
        assert_eq!(5i64.to_count(), Some(5));
    }
}
