//! The `shinchoku` command line.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{ArgAction, Parser, Subcommand, ValueEnum};

use shinchoku::completeness;
use shinchoku::diagnostics::Diagnostics;
use shinchoku::export::ExportOptions;
use shinchoku::import::{self, ImportOptions};
use shinchoku::pipeline::{self, BuildError};

// Builds allocate many small strings from every core; mimalloc is several
// times faster at that than glibc's allocator and returns memory sooner.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "shinchoku",
    version,
    about = "計画の進捗表から公開用の静的サイトを作ります",
    // Replaced by the two flags below, whose help is in Japanese.
    disable_help_flag = true,
    disable_version_flag = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
    /// 使い方を表示します
    #[arg(short, long, action = ArgAction::Help, global = true)]
    help: Option<bool>,
    /// 版を表示します
    #[arg(short = 'V', long, action = ArgAction::Version)]
    version: Option<bool>,
}

#[derive(Subcommand)]
enum Command {
    /// サイトを作ります（既定の出力先は public/）
    Build {
        /// サイトのフォルダ（site.toml と content/ がある場所）
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 出力先のフォルダ（既定: ROOT/public）
        #[arg(long)]
        out: Option<PathBuf>,
        /// 出力先が shinchoku の出力でない空でないフォルダでも、中身をすべて消して置き換えます
        #[arg(long)]
        force: bool,
        /// 公開先の URL（site.toml の base_url の代わりに使います。試験公開の場所など）
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
    },
    /// 内容を検査します（何も書き出しません）
    Check {
        /// サイトのフォルダ（site.toml と content/ がある場所）
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 同じ種類の警告をまとめずにすべて表示し、報告のないものを担当課ごとにすべて表示します
        #[arg(long)]
        verbose: bool,
    },
    /// 進捗表（タブ区切りテキスト、CSV、Excel の .xlsx）を content/ に取り込みます
    Import {
        /// 取り込む表のファイル（.tsv / .txt / .csv / .xlsx）かフォルダ。各課から返ってきた表はいくつでも並べられ、まとめて取り込みます
        #[arg(required = true)]
        tables: Vec<PathBuf>,
        /// テキストの文字コード（utf-8、shift_jis など。既定: 自動判別）
        #[arg(long)]
        encoding: Option<String>,
        /// 見出しの名前が違う列: 実施内容=事業名 のように（何度でも）
        #[arg(long = "column", value_name = "項目=見出し")]
        columns: Vec<String>,
        /// 取り込み先のサイトのフォルダ
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 手で編集したファイルも上書きします
        #[arg(long)]
        force: bool,
        /// 何が変わるかを表示するだけで、書き込みません
        #[arg(long)]
        dry_run: bool,
        /// 同じ種類の警告をまとめずにすべて表示します
        #[arg(long)]
        verbose: bool,
        /// 取り込まずに、表の見出しから site.toml に書き足す [import] の案を出します
        #[arg(long)]
        detect: bool,
    },
    /// 各課に記入してもらう新年度の表（.xlsx と .csv）を書き出します
    Export {
        /// 記入してもらう年度（令和3、R3、2021、令和3年度 など）
        #[arg(long = "template", value_name = "FY")]
        fiscal_year: String,
        /// サイトのフォルダ（site.toml と content/ がある場所）
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 書き出し先のフォルダ（既定: 今のフォルダ）
        #[arg(long, default_value = ".")]
        out: PathBuf,
        /// 同じ名前の表がすでにあっても上書きします（記入済みの回答も消えます）
        #[arg(long)]
        force: bool,
        /// section: 担当課ごとに別のブック（template-FY-課名.xlsx）にします
        #[arg(long, value_enum)]
        by: Option<ExportSplit>,
    },
    /// 手元でサイトを公開し、ファイルを保存するたびに作り直してブラウザを読み込み直します
    Serve {
        /// サイトのフォルダ（site.toml と content/ がある場所）
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// 待ち受けるポート（0 なら空いている番号）
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// 待ち受けるアドレス（ほかの端末から見るなら 0.0.0.0）
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// 公開先の URL（site.toml の base_url の代わりに使います）
        #[arg(long, value_name = "URL")]
        base_url: Option<String>,
        /// 公開を始めたらブラウザで開きます
        #[arg(long)]
        open: bool,
    },
    /// 新しいサイトのひな形を作ります
    Init {
        /// 作成先のフォルダ
        dir: PathBuf,
    },
}

/// How `export` splits the template.
#[derive(Clone, Copy, ValueEnum)]
enum ExportSplit {
    /// One workbook per section (担当課).
    Section,
}

/// Warnings `build` prints; `check` prints them all.
const WARNINGS_SHOWN: usize = 20;

fn main() -> ExitCode {
    let command = Cli::parse().command;
    if !matches!(command, Command::Serve { .. }) {
        end_quietly_on_a_closed_pipe();
    }
    match run(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprint!("{message}");
            if !message.ends_with('\n') {
                eprintln!();
            }
            ExitCode::FAILURE
        }
    }
}

/// Reports go to stdout for pipes (`shinchoku import --dry-run … | head`);
/// once the reader has gone, the program ends as any Unix tool does,
/// rather than panic at the next print (Rust ignores SIGPIPE by default).
/// Not for `serve`, whose writes to a closed connection must stay errors.
#[cfg(unix)]
fn end_quietly_on_a_closed_pipe() {
    // SAFETY: sets the signal's default action, before any thread starts.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn end_quietly_on_a_closed_pipe() {}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Build {
            root,
            out,
            force,
            base_url,
        } => {
            let mut progress = ProgressLine::new();
            let result = pipeline::build_with_progress(
                &root,
                out.as_deref(),
                base_url.as_deref(),
                force,
                &mut |files, bytes| progress.show(files, bytes),
            );
            progress.clear();
            let report = result.map_err(build_error)?;
            eprint!("{}", report.warnings.abridged(WARNINGS_SHOWN));
            eprintln!(
                "{} 件の{}から {} ファイル（{:.1} MB）を {} に書き出しました（{} ms）",
                report.measures,
                report.measure_noun,
                report.files,
                report.bytes as f64 / 1e6,
                report.out.display(),
                report.elapsed.as_millis()
            );
            Ok(())
        }
        Command::Check { root, verbose } => {
            // The report, on stdout; the errors of a failed check go to stderr.
            let loaded = pipeline::check_site(&root).map_err(|d| failed(&d))?;
            print!("{}", loaded.warnings.folded(verbose));
            println!("問題はありません（警告 {} 件）", loaded.warnings.0.len());
            print!("{}", completeness::report(&loaded.site, verbose));
            Ok(())
        }
        Command::Import {
            tables,
            encoding,
            columns,
            root,
            force,
            dry_run,
            verbose,
            detect,
        } => {
            if detect {
                // Only the text to append on stdout, so that `>> site.toml` works.
                let detected = import::layout::detect(&tables[0], encoding.as_deref())
                    .map_err(|e| format!("表を読めませんでした: {e}"))?;
                print!("{}", detected.toml);
                for undecided in detected.undecided {
                    eprintln!("決められませんでした: {undecided}");
                }
                return Ok(());
            }
            let options = ImportOptions {
                table: tables[0].clone(),
                encoding,
                columns,
                root,
                force,
                dry_run,
            };
            let mut report = import::run_many(&options, &tables)
                .map_err(|e| format!("取り込めませんでした: {e}"))?;
            // The report (and a dry run's changes) on stdout, the rows'
            // warnings on stderr as every command's.
            let warnings = Diagnostics(std::mem::take(&mut report.warnings));
            print!("{report}");
            eprint!("{}", warnings.folded(verbose));
            if !dry_run {
                print_completeness_after_import(&options.root);
            }
            Ok(())
        }
        Command::Export {
            fiscal_year,
            root,
            out,
            force,
            by,
        } => {
            let fiscal_year = shinchoku::model::parse_fiscal_year(&fiscal_year)
                .map_err(|e| format!("書き出せませんでした: {e}"))?;
            let options = ExportOptions {
                root,
                fiscal_year,
                out,
                force,
            };
            let files = match by {
                None => shinchoku::export::export_template(&options),
                Some(ExportSplit::Section) => shinchoku::export::export_section_templates(&options),
            }
            .map_err(|e| format!("書き出せませんでした: {e}"))?;
            for file in files {
                eprintln!("作成: {}", file.display());
            }
            eprintln!("記入後に `shinchoku import 記入した表.xlsx --dry-run` で変更を確かめ、--dry-run を外して取り込みます");
            Ok(())
        }
        Command::Serve {
            root,
            port,
            bind,
            base_url,
            open,
        } => shinchoku::serve::serve(&shinchoku::serve::ServeOptions {
            root,
            bind,
            port,
            base_url,
            open,
            limits: Default::default(),
        })
        .map_err(|e| e.to_string()),
        Command::Init { dir } => {
            let files = shinchoku::init::init(&dir).map_err(|e| e.to_string())?;
            for file in files {
                eprintln!("作成: {}", file.display());
            }
            eprintln!(
                "`shinchoku build --root {}` でサイトを作れます",
                dir.display()
            );
            Ok(())
        }
    }
}

/// A one-line progress report on a terminal for long builds: written over
/// itself at most ten times a second, after the first second, and erased
/// at the end; nothing when stderr is not a terminal (CI logs, pipes).
struct ProgressLine {
    started: Instant,
    last: Option<Instant>,
    enabled: bool,
}

impl ProgressLine {
    fn new() -> Self {
        ProgressLine {
            started: Instant::now(),
            last: None,
            enabled: std::io::stderr().is_terminal(),
        }
    }

    fn show(&mut self, files: usize, bytes: usize) {
        let now = Instant::now();
        let due = now.duration_since(self.started) >= Duration::from_secs(1)
            && self
                .last
                .is_none_or(|last| now.duration_since(last) >= Duration::from_millis(100));
        if self.enabled && due {
            self.last = Some(now);
            eprint!(
                "\r\x1b[2K作成中… {files} ファイル（{:.1} MB）を書き出しました（{:.1} 秒）",
                bytes as f64 / 1e6,
                now.duration_since(self.started).as_secs_f64()
            );
        }
    }

    fn clear(&self) {
        if self.last.is_some() {
            eprint!("\r\x1b[2K");
        }
    }
}

/// The site as the import left it: which reports are still missing. A site
/// that no longer validates is for `check` to explain, not for this summary.
fn print_completeness_after_import(root: &std::path::Path) {
    match pipeline::load_site(root) {
        Ok(loaded) => print!("{}", completeness::report(&loaded.site, false)),
        Err(_) => eprintln!(
            "取り込んだ内容に問題があります。`shinchoku check --root {}` で確かめてください",
            root.display()
        ),
    }
}

fn build_error(error: BuildError) -> String {
    match error {
        BuildError::Invalid(diags) => failed(&diags),
        BuildError::Write(e) => format!("書き出せませんでした（前回の出力はそのままです）: {e}"),
    }
}

fn failed(diags: &shinchoku::diagnostics::Diagnostics) -> String {
    let errors = diags.errors().count();
    format!(
        "{}エラーが {errors} 件あります。何も書き出していません（前回の出力はそのままです）\n",
        diags.folded(false)
    )
}
