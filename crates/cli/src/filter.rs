//! Filter flags shared by `sitrep query` and `sitrep export`, parsed and validated once into
//! a store [`Filter`].

use clap::Args;
use sitrep_store::Filter;

#[derive(Args, Debug, Clone, Default)]
pub struct FilterArgs {
    /// Events with this actor on either side: an actor id (`irn`), a CAMEO code or its prefix
    /// (`IRNGOV`, `IRN`), or a name (`Abbas Araghchi`).
    #[arg(long, value_name = "ACTOR", global = true)]
    pub actor: Option<String>,
    /// Events from SOURCE to TARGET, each given like --actor: `--dyad ISR,IRN`.
    #[arg(long, value_name = "SOURCE,TARGET", value_parser = Filter::parse_dyad, global = true)]
    pub dyad: Option<(String, String)>,
    /// A CAMEO code or range of codes, compared on leading digits: `19`, `190`, `14-20`.
    #[arg(long, value_name = "CODE|LO-HI", value_parser = Filter::parse_codes, global = true)]
    pub code: Option<(String, String)>,
    /// First day (YYYY-MM-DD), on the event's date, else the article's publication day.
    #[arg(long, value_name = "DAY", value_parser = Filter::parse_day, global = true)]
    pub since: Option<String>,
    /// Last day (YYYY-MM-DD), inclusive.
    #[arg(long, value_name = "DAY", value_parser = Filter::parse_day, global = true)]
    pub until: Option<String>,
    /// Quotes by this speaker, given like --actor.
    #[arg(long, value_name = "SPEAKER", global = true)]
    pub speaker: Option<String>,
    /// At most this many rows.
    #[arg(long, value_name = "N", global = true)]
    pub limit: Option<usize>,
}

impl FilterArgs {
    pub fn filter(&self) -> Filter {
        Filter {
            actor: self.actor.clone(),
            dyad: self.dyad.clone(),
            codes: self.code.clone(),
            since: self.since.clone(),
            until: self.until.clone(),
            speaker: self.speaker.clone(),
            limit: self.limit,
            ..Filter::default()
        }
    }
}
