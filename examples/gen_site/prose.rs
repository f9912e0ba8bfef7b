//! Prose for the realistic mode: words drawn with Zipf-like frequencies (the word of rank *k*
//! about 1/*k* as often as the most common) from a vocabulary of several thousand: English
//! function words first, then the vocabulary of analysis with its inflections, then a long
//! tail of made-up proper names, so most words of a site are rare and search postings thin.
//! With `--scripts`, some paragraphs are Arabic, Russian or Chinese.

use super::Rng;
use std::sync::OnceLock;

const FUNCTION: &str = "the of and to in a that is for on as with by was it at from be are this an \
which has have not but or its were their more also after been had will would they than who over \
into about other could can may while between against under such most since both before during \
these those all some any each new two three first last many only further likely however because \
without within among despite through across toward around near per whether if when where then so";

const NOUNS: &str = "government minister ministry official talks agreement deal sanctions pressure \
region border forces army militia group network market price oil gas energy export import trade \
tariff budget deficit debt currency inflation bank lender investor fund bond yield election vote \
party coalition parliament president leader opposition protest crackdown court judge law reform \
constitution treaty ceasefire truce offensive attack strike drone missile rocket launcher warship \
vessel tanker port strait canal pipeline refinery field reserve supply shortage harvest drought \
flood famine aid refugee camp border crossing convoy corridor negotiation mediator envoy summit \
delegation statement communique spokesman analyst assessment outlook scenario risk threat \
escalation deterrence capability programme enrichment reactor inspector inspection facility \
satellite launch test exercise deployment patrol incident clash casualty hostage detainee prisoner \
exchange embassy consulate ambassador visit trip meeting call channel backchannel dialogue proposal \
framework roadmap timeline deadline ultimatum warning signal message rhetoric narrative campaign \
media outlet report leak source document record archive database index indicator survey poll \
estimate forecast projection model figure number share percentage quarter month week year decade \
century history tradition identity community tribe clan family elite faction rival ally partner \
neighbour power state nation country province district city capital town village coast island \
mountain desert river lake sea ocean gulf bay peninsula basin plateau valley frontier zone area \
sector industry company firm contractor supplier shipper insurer premium cost revenue profit loss \
growth recession recovery subsidy tax levy quota licence contract tender bid concession project \
railway road highway bridge airport terminal grid plant mine mineral lithium copper cobalt uranium \
wheat grain maize rice fertiliser water dam reservoir climate heat emission target pledge finance \
loan grant package tranche condition review mission council committee commission agency authority \
regulator police security intelligence service unit brigade division command commander general \
colonel officer soldier fighter recruit defector smuggler trafficker cartel gang syndicate cell";

const VERBS: &str = "expect signal negotiate remain watch price raise meet stay constrain \
announce warn threaten deny confirm reject accept approve block delay extend suspend resume \
impose lift ease tighten expand reduce cut increase boost weaken strengthen support oppose \
criticise praise condemn welcome urge demand request offer propose agree sign ratify implement \
enforce violate breach monitor inspect verify report claim allege accuse blame attribute target \
attack strike repel advance retreat withdraw deploy mobilise recruit train equip supply finance \
fund invest export import ship transport divert reroute insure reinsure default restructure \
devalue stabilise intervene mediate broker host visit travel call discuss review assess estimate \
project forecast calculate measure track follow document record publish release leak circulate";

const ADJECTIVES: &str = "regional domestic foreign military economic political diplomatic \
strategic tactical nuclear conventional maritime naval aerial coastal northern southern eastern \
western central local national international bilateral multilateral formal informal public \
private official unofficial senior junior former current recent previous next early late short \
long high low strong weak stable volatile fragile tense calm uncertain likely unlikely possible \
limited broad narrow direct indirect major minor significant marginal critical key main primary \
secondary additional new old fresh renewed sustained sudden gradual rapid slow steady sharp mild \
severe modest large small heavy light open closed secret covert overt armed unarmed civilian";

const ADVERBS: &str = "closely sharply quietly publicly privately reportedly allegedly \
apparently largely partly mostly nearly almost still already again soon later earlier recently \
increasingly gradually rapidly slowly firmly openly directly indirectly formally informally";

const ARABIC: &str = "الحكومة وزير المفاوضات الاتفاق العقوبات الضغط المنطقة الحدود القوات \
السوق النفط الغاز الطاقة التجارة الانتخابات البرلمان الرئيس المعارضة الاحتجاجات المحكمة \
الهدنة الهجوم الصواريخ الميناء المضيق الأمن المساعدات اللاجئين في من إلى على عن مع أن هذا \
التي الذي قد كان بين بعد قبل خلال أكثر";

const RUSSIAN: &str = "правительство министр переговоры соглашение санкции давление регион \
граница войска рынок нефть газ энергетика торговля выборы парламент президент оппозиция \
протесты суд перемирие наступление ракеты порт пролив безопасность помощь беженцы в на и с по \
что это не как из за для от после до между более также";

const CHINESE: &str = "政府 部长 谈判 协议 制裁 压力 地区 边境 部队 市场 石油 天然气 能源 贸易 \
选举 议会 总统 反对派 抗议 法院 停火 进攻 导弹 港口 海峡 安全 援助 难民 的 了 在 和 是 与 对 \
将 已经 可能 表示 认为 继续";

/// The vocabulary, most common first, and the cumulative Zipf weights to draw from it.
struct Vocabulary {
    words: Vec<&'static str>,
    cumulative: Vec<f64>,
}

fn vocabulary() -> &'static Vocabulary {
    static V: OnceLock<Vocabulary> = OnceLock::new();
    V.get_or_init(|| {
        let mut words: Vec<&'static str> = FUNCTION.split_whitespace().collect();
        let leak = |s: String| -> &'static str { Box::leak(s.into_boxed_str()) };
        let nouns: Vec<&str> = NOUNS.split_whitespace().collect();
        let verbs: Vec<&str> = VERBS.split_whitespace().collect();
        // Base forms first, then the inflections, which are rarer.
        words.extend(&nouns);
        words.extend(&verbs);
        words.extend(ADJECTIVES.split_whitespace());
        words.extend(ADVERBS.split_whitespace());
        for v in &verbs {
            let stem = v.strip_suffix('e').unwrap_or(v);
            words.push(leak(match v.strip_suffix('y') {
                Some(s) if !s.ends_with(['a', 'e', 'o']) => format!("{s}ied"),
                _ => format!("{stem}ed"),
            }));
            words.push(leak(format!("{v}s")));
            words.push(leak(format!("{stem}ing")));
        }
        for n in &nouns {
            words.push(leak(match n.strip_suffix('y') {
                Some(s) if !s.ends_with(['a', 'e', 'o']) => format!("{s}ies"),
                _ if n.ends_with(['s', 'x', 'h']) => format!("{n}es"),
                _ => format!("{n}s"),
            }));
        }
        for n in &nouns {
            words.push(leak(format!("{n}-related")));
        }
        // The tail: place and person names made of syllables, as reports are full of.
        const SYL: [&str; 24] = [
            "al", "ba", "dor", "ka", "mir", "sha", "tan", "ve", "zu", "ri", "lo", "nek", "qa", "har", "bu", "sel",
            "om", "ya", "gra", "tsi", "po", "dar", "ki", "ul",
        ];
        for a in SYL {
            for b in SYL {
                for c in ["", "ni", "ra", "ov", "stan"] {
                    let mut s = format!("{a}{b}{c}");
                    s[..1].make_ascii_uppercase();
                    words.push(leak(s));
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        words.retain(|w| seen.insert(*w));
        let mut total = 0.0;
        let cumulative = (1..=words.len())
            .map(|k| {
                total += 1.0 / k as f64;
                total
            })
            .collect();
        Vocabulary { words, cumulative }
    })
}

/// One word, drawn with Zipf-like frequencies.
pub fn word(r: &mut Rng) -> &'static str {
    let v = vocabulary();
    let x = (r.next() >> 11) as f64 / (1u64 << 53) as f64 * v.cumulative[v.cumulative.len() - 1];
    let k = v.cumulative.partition_point(|c| *c < x);
    v.words[k.min(v.words.len() - 1)]
}

/// How many distinct words `word` can give.
pub fn vocabulary_size() -> usize {
    vocabulary().words.len()
}

/// A sentence of 8 to 27 words, capitalised, ending in a full stop.
pub fn sentence(r: &mut Rng) -> String {
    let n = 8 + r.below(20);
    let mut s = String::new();
    for k in 0..n {
        let w = word(r);
        if k == 0 {
            let mut c = w.chars();
            s.extend(c.next().map(|f| f.to_ascii_uppercase()));
            s.push_str(c.as_str());
        } else {
            s.push(if r.below(14) == 0 { ',' } else { ' ' });
            if s.ends_with(',') {
                s.push(' ');
            }
            s.push_str(w);
        }
    }
    s.push('.');
    s
}

/// A paragraph of three to six sentences; with `scripts`, one in eight is in another script.
pub fn paragraph(r: &mut Rng, scripts: bool) -> String {
    if scripts && r.below(8) == 0 {
        let (words, sep, stop) = match r.below(3) {
            0 => (ARABIC, " ", "."),
            1 => (RUSSIAN, " ", "."),
            _ => (CHINESE, "", "。"),
        };
        let words: Vec<&str> = words.split_whitespace().collect();
        let mut p = String::new();
        for _ in 0..3 + r.below(4) {
            let n = 6 + r.below(12);
            let s: Vec<&str> = (0..n).map(|_| words[r.below(words.len())]).collect();
            if !p.is_empty() && sep == " " {
                p.push(' ');
            }
            p.push_str(&s.join(sep));
            p.push_str(stop);
        }
        return p;
    }
    (0..3 + r.below(4)).map(|_| sentence(r)).collect::<Vec<_>>().join(" ")
}
