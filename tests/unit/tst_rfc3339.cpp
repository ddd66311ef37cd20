#include "protocol/Rfc3339.h"

#include <QRandomGenerator>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

QDateTime utc(int year, int month, int day, int hour, int minute, int second, int ms = 0)
{
    return QDateTime(QDate(year, month, day), QTime(hour, minute, second, ms), Qt::UTC);
}

} // namespace

class tst_Rfc3339 : public QObject
{
    Q_OBJECT

private slots:
    void parse_data();
    void parse();
    void parseRejects_data();
    void parseRejects();
    void format_data();
    void format();
    void formatThenParse();
    void formatMatchesQt();
};

void tst_Rfc3339::parse_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QDateTime>("expected");

    const QDateTime noon = utc(2025, 10, 3, 12, 0, 0);

    // Offsets.
    QTest::newRow("Z") << u"2025-10-03T12:00:00Z"_s << noon;
    QTest::newRow("+00:00") << u"2025-10-03T12:00:00+00:00"_s << noon;
    QTest::newRow("-00:00") << u"2025-10-03T12:00:00-00:00"_s << noon;
    QTest::newRow("+02:00") << u"2025-10-03T14:00:00+02:00"_s << noon;
    QTest::newRow("-01:30") << u"2025-10-03T10:30:00-01:30"_s << noon;
    QTest::newRow("+05:45") << u"2025-10-03T17:45:00+05:45"_s << noon;
    QTest::newRow("+02:00 across midnight")
        << u"2025-10-03T01:00:00+02:00"_s << utc(2025, 10, 2, 23, 0, 0);
    QTest::newRow("-03:00 across new year")
        << u"2025-12-31T22:00:00-03:00"_s << utc(2026, 1, 1, 1, 0, 0);
    QTest::newRow("+23:59") << u"2025-10-03T23:59:00+23:59"_s << utc(2025, 10, 3, 0, 0, 0);

    // Fractional seconds: from none to nine digits, kept to the millisecond, the rest truncated.
    QTest::newRow("0 digits") << u"2025-10-03T12:00:00Z"_s << noon;
    QTest::newRow("1 digit") << u"2025-10-03T12:00:00.1Z"_s << utc(2025, 10, 3, 12, 0, 0, 100);
    QTest::newRow("2 digits") << u"2025-10-03T12:00:00.12Z"_s << utc(2025, 10, 3, 12, 0, 0, 120);
    QTest::newRow("3 digits") << u"2025-10-03T12:00:00.123Z"_s << utc(2025, 10, 3, 12, 0, 0, 123);
    QTest::newRow("4 digits") << u"2025-10-03T12:00:00.1234Z"_s << utc(2025, 10, 3, 12, 0, 0, 123);
    QTest::newRow("5 digits") << u"2025-10-03T12:00:00.12345Z"_s << utc(2025, 10, 3, 12, 0, 0, 123);
    QTest::newRow("6 digits") << u"2025-10-03T12:00:00.123456Z"_s
                              << utc(2025, 10, 3, 12, 0, 0, 123);
    QTest::newRow("7 digits") << u"2025-10-03T12:00:00.1234567Z"_s
                              << utc(2025, 10, 3, 12, 0, 0, 123);
    QTest::newRow("8 digits") << u"2025-10-03T12:00:00.12345678Z"_s
                              << utc(2025, 10, 3, 12, 0, 0, 123);
    QTest::newRow("9 digits") << u"2025-10-03T12:00:00.123456789Z"_s
                              << utc(2025, 10, 3, 12, 0, 0, 123);
    QTest::newRow("9 digits, truncated not rounded")
        << u"2025-10-03T12:00:00.999999999Z"_s << utc(2025, 10, 3, 12, 0, 0, 999);
    QTest::newRow("leading zeros")
        << u"2025-10-03T12:00:00.007000001Z"_s << utc(2025, 10, 3, 12, 0, 0, 7);
    QTest::newRow("all zeros") << u"2025-10-03T12:00:00.000000000Z"_s << noon;
    QTest::newRow("fraction with offset")
        << u"2025-10-03T14:00:00.5+02:00"_s << utc(2025, 10, 3, 12, 0, 0, 500);

    // Separators and case.
    QTest::newRow("lower-case t and z")
        << u"2025-10-03t12:00:00.250z"_s << utc(2025, 10, 3, 12, 0, 0, 250);
    QTest::newRow("space separator") << u"2025-10-03 12:00:00Z"_s << noon;

    // Calendar edges.
    QTest::newRow("leap day") << u"2024-02-29T00:00:00Z"_s << utc(2024, 2, 29, 0, 0, 0);
    QTest::newRow("end of day") << u"2025-10-03T23:59:59.999Z"_s
                                << utc(2025, 10, 3, 23, 59, 59, 999);
    QTest::newRow("leap second folds into the next second")
        << u"2016-12-31T23:59:60Z"_s << utc(2017, 1, 1, 0, 0, 0);
    QTest::newRow("before the epoch") << u"1969-07-20T20:17:40Z"_s << utc(1969, 7, 20, 20, 17, 40);
}

void tst_Rfc3339::parse()
{
    QFETCH(QString, text);
    QFETCH(QDateTime, expected);

    const std::optional<QDateTime> parsed = ddalab::rfc3339::parse(text);
    QVERIFY2(parsed, qPrintable(text));
    QVERIFY(parsed->isValid());
    QCOMPARE(parsed->timeSpec(), Qt::UTC);
    QCOMPARE(*parsed, expected);
    QCOMPARE(parsed->toMSecsSinceEpoch(), expected.toMSecsSinceEpoch());
}

void tst_Rfc3339::parseRejects_data()
{
    QTest::addColumn<QString>("text");

    // Impossible dates and times.
    QTest::newRow("February 30") << u"2025-02-30T12:00:00Z"_s;
    QTest::newRow("February 29 of a common year") << u"2023-02-29T12:00:00Z"_s;
    QTest::newRow("April 31") << u"2025-04-31T12:00:00Z"_s;
    QTest::newRow("month 13") << u"2025-13-01T12:00:00Z"_s;
    QTest::newRow("month 0") << u"2025-00-10T12:00:00Z"_s;
    QTest::newRow("day 0") << u"2025-10-00T12:00:00Z"_s;
    QTest::newRow("hour 24") << u"2025-10-03T24:00:00Z"_s;
    QTest::newRow("minute 60") << u"2025-10-03T12:60:00Z"_s;
    QTest::newRow("second 61") << u"2025-10-03T12:00:61Z"_s;
    QTest::newRow("offset hour 24") << u"2025-10-03T12:00:00+24:00"_s;
    QTest::newRow("offset minute 60") << u"2025-10-03T12:00:00+01:60"_s;

    // Missing parts.
    QTest::newRow("empty") << QString();
    QTest::newRow("missing offset") << u"2025-10-03T12:00:00"_s;
    QTest::newRow("missing offset after fraction") << u"2025-10-03T12:00:00.123456789"_s;
    QTest::newRow("date only") << u"2025-10-03"_s;
    QTest::newRow("no seconds") << u"2025-10-03T12:00Z"_s;
    QTest::newRow("dot without digits") << u"2025-10-03T12:00:00.Z"_s;
    QTest::newRow("offset without colon") << u"2025-10-03T12:00:00+0200"_s;
    QTest::newRow("offset hours only") << u"2025-10-03T12:00:00+02"_s;

    // Not RFC 3339.
    QTest::newRow("garbage") << u"yesterday"_s;
    QTest::newRow("epoch seconds") << u"1759492800"_s;
    QTest::newRow("RFC 2822") << u"Fri, 03 Oct 2025 12:00:00 GMT"_s;
    QTest::newRow("basic format") << u"20251003T120000Z"_s;
    QTest::newRow("two-digit year") << u"25-10-03T12:00:00Z"_s;
    QTest::newRow("slash separators") << u"2025/10/03T12:00:00Z"_s;
    QTest::newRow("unknown separator") << u"2025-10-03X12:00:00Z"_s;
    QTest::newRow("trailing text") << u"2025-10-03T12:00:00Z and more"_s;
    QTest::newRow("leading space") << u" 2025-10-03T12:00:00Z"_s;
    QTest::newRow("time zone name") << u"2025-10-03T12:00:00 UTC"_s;
    QTest::newRow("Arabic-Indic digits") << u"٢٠٢٥-10-03T12:00:00Z"_s;
    QTest::newRow("full-width digits") << u"２０２５-10-03T12:00:00Z"_s;
}

void tst_Rfc3339::parseRejects()
{
    QFETCH(QString, text);

    const std::optional<QDateTime> parsed = ddalab::rfc3339::parse(text);
    QVERIFY2(!parsed, qPrintable(u"'%1' parsed as %2"_s.arg(
                          text, parsed ? parsed->toString(Qt::ISODateWithMs) : QString())));
}

void tst_Rfc3339::format_data()
{
    QTest::addColumn<QDateTime>("time");
    QTest::addColumn<QString>("expected");

    QTest::newRow("UTC with milliseconds")
        << utc(2025, 10, 3, 12, 0, 0, 123) << u"2025-10-03T12:00:00.123Z"_s;
    QTest::newRow("UTC, whole second")
        << utc(2025, 10, 3, 12, 0, 0) << u"2025-10-03T12:00:00.000Z"_s;
    QTest::newRow("small milliseconds")
        << utc(2025, 1, 2, 3, 4, 5, 6) << u"2025-01-02T03:04:05.006Z"_s;
    QTest::newRow("offset +02:00 becomes UTC")
        << QDateTime(QDate(2025, 10, 3), QTime(14, 0, 0, 500), Qt::OffsetFromUTC, 2 * 3600)
        << u"2025-10-03T12:00:00.500Z"_s;
    QTest::newRow("offset -05:00 across midnight")
        << QDateTime(QDate(2025, 10, 3), QTime(22, 30, 0), Qt::OffsetFromUTC, -5 * 3600)
        << u"2025-10-04T03:30:00.000Z"_s;
    QTest::newRow("from epoch milliseconds")
        << QDateTime::fromMSecsSinceEpoch(1759492800123, Qt::UTC) << u"2025-10-03T12:00:00.123Z"_s;
}

void tst_Rfc3339::format()
{
    QFETCH(QDateTime, time);
    QFETCH(QString, expected);

    QCOMPARE(ddalab::rfc3339::format(time), expected);
}

void tst_Rfc3339::formatThenParse()
{
    // What the broker sends back parses to the same instant.
    const QList<QDateTime> times{
        utc(2025, 10, 3, 12, 0, 0, 123),
        utc(1999, 12, 31, 23, 59, 59, 999),
        QDateTime(QDate(2025, 3, 30), QTime(2, 30), Qt::OffsetFromUTC, 3600),
        QDateTime::fromMSecsSinceEpoch(0, Qt::UTC),
    };
    for (const QDateTime &time : times) {
        const QString text = ddalab::rfc3339::format(time);
        const std::optional<QDateTime> parsed = ddalab::rfc3339::parse(text);
        QVERIFY2(parsed, qPrintable(text));
        QCOMPARE(parsed->toMSecsSinceEpoch(), time.toMSecsSinceEpoch());
    }
}

void tst_Rfc3339::formatMatchesQt()
{
    // The digit-by-digit writer against QDateTime's own ISO form, over the calendar's edges
    // (leap days, centuries, 1970, negative epoch times) and a spread of instants across the
    // years the fast path covers.
    QList<QDateTime> times{
        utc(2024, 2, 29, 23, 59, 59, 999),  utc(2000, 2, 29, 0, 0, 0, 1),
        utc(1900, 3, 1, 0, 0, 0, 0),        utc(2100, 2, 28, 12, 0, 0, 0),
        utc(1969, 12, 31, 23, 59, 59, 999), utc(1970, 1, 1, 0, 0, 0, 0),
        utc(1, 1, 1, 0, 0, 0, 0),           utc(9999, 12, 31, 23, 59, 59, 999),
        utc(1600, 1, 1, 0, 0, 0, 0),        utc(1583, 10, 15, 6, 7, 8, 9),
    };
    QRandomGenerator random(20251003);
    for (int i = 0; i < 20000; ++i) {
        // -62135596800000 is 0001-01-01T00:00:00Z.
        const qint64 msecs = -62135596800000 + qint64(random.bounded(quint64(315537897599999)));
        times.append(QDateTime::fromMSecsSinceEpoch(msecs, Qt::UTC));
    }
    for (const QDateTime &time : times)
        QCOMPARE(ddalab::rfc3339::format(time), time.toUTC().toString(Qt::ISODateWithMs));
    QCOMPARE(ddalab::rfc3339::format(QDateTime()), QString());
}

QTEST_GUILESS_MAIN(tst_Rfc3339)
#include "tst_rfc3339.moc"
