#include "Rfc3339.h"

namespace ddalab::rfc3339 {
namespace {

bool readDigits(QStringView text, qsizetype &pos, int count, int &value)
{
    if (pos + count > text.size())
        return false;
    value = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = text[pos + i];
        if (!c.isDigit() || c.unicode() > '9')
            return false;
        value = value * 10 + (c.unicode() - '0');
    }
    pos += count;
    return true;
}

bool expect(QStringView text, qsizetype &pos, char16_t c)
{
    if (pos >= text.size() || text[pos] != c)
        return false;
    ++pos;
    return true;
}

// The years written with four digits and no sign: 0001-01-01 to 9999-12-31, UTC (Qt has no
// year 0; earlier years keep Qt's own form).
constexpr qint64 kFirstFastMsecs = -62135596800000;
constexpr qint64 kLastFastMsecs = 253402300799999;

struct CivilDate
{
    int year;
    int month;
    int day;
};

// The proleptic Gregorian date of a day counted from 1970-01-01 (Howard Hinnant's
// civil_from_days, in eras of 400 years).
CivilDate civilFromDays(qint64 days)
{
    days += 719468;
    const qint64 era = (days >= 0 ? days : days - 146096) / 146097;
    const qint64 dayOfEra = days - era * 146097;
    const qint64 yearOfEra =
        (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146096) / 365;
    const qint64 dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100);
    const qint64 shiftedMonth = (5 * dayOfYear + 2) / 153; // March is 0
    const int day = int(dayOfYear - (153 * shiftedMonth + 2) / 5 + 1);
    const int month = int(shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9);
    const int year = int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

void writeDigits(char16_t *out, int value, int count)
{
    for (int i = count - 1; i >= 0; --i) {
        out[i] = char16_t(u'0' + value % 10);
        value /= 10;
    }
}

} // namespace

std::optional<QDateTime> parse(QStringView text)
{
    qsizetype pos = 0;
    int year, month, day, hour, minute, second;
    if (!readDigits(text, pos, 4, year) || !expect(text, pos, u'-') ||
        !readDigits(text, pos, 2, month) || !expect(text, pos, u'-') ||
        !readDigits(text, pos, 2, day))
        return std::nullopt;
    if (pos >= text.size() || !(text[pos] == u'T' || text[pos] == u't' || text[pos] == u' '))
        return std::nullopt;
    ++pos;
    if (!readDigits(text, pos, 2, hour) || !expect(text, pos, u':') ||
        !readDigits(text, pos, 2, minute) || !expect(text, pos, u':') ||
        !readDigits(text, pos, 2, second))
        return std::nullopt;

    int millis = 0;
    if (pos < text.size() && text[pos] == u'.') {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos].isDigit() && text[pos].unicode() <= '9') {
            if (digits < 3)
                millis = millis * 10 + (text[pos].unicode() - '0');
            ++digits;
            ++pos;
        }
        if (digits == 0)
            return std::nullopt;
        for (int i = digits; i < 3; ++i)
            millis *= 10;
    }

    int offsetSeconds = 0;
    if (pos >= text.size())
        return std::nullopt;
    if (text[pos] == u'Z' || text[pos] == u'z') {
        ++pos;
    } else if (text[pos] == u'+' || text[pos] == u'-') {
        const int sign = text[pos] == u'-' ? -1 : 1;
        ++pos;
        int offsetHours, offsetMinutes;
        if (!readDigits(text, pos, 2, offsetHours) || !expect(text, pos, u':') ||
            !readDigits(text, pos, 2, offsetMinutes) || offsetHours > 23 || offsetMinutes > 59)
            return std::nullopt;
        offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60);
    } else {
        return std::nullopt;
    }
    if (pos != text.size())
        return std::nullopt;

    // RFC 3339 allows a leap second (60); Qt does not, so it folds into the next second.
    const bool leapSecond = second == 60;
    const QDate date(year, month, day);
    const QTime time(hour, minute, leapSecond ? 59 : second, millis);
    if (!date.isValid() || !time.isValid())
        return std::nullopt;
    QDateTime result(date, time, Qt::OffsetFromUTC, offsetSeconds);
    if (!result.isValid())
        return std::nullopt;
    if (leapSecond)
        result = result.addSecs(1);
    return result.toUTC();
}

QString format(const QDateTime &time)
{
    if (!time.isValid())
        return {};
    const qint64 msecs = time.toMSecsSinceEpoch();
    if (msecs < kFirstFastMsecs || msecs > kLastFastMsecs)
        return time.toUTC().toString(Qt::ISODateWithMs);
    // Every share_info carries two or three times: written digit by digit, this costs a tenth
    // of QDateTime::toString, which goes through a printf per field.
    constexpr qint64 kMsecsPerDay = 86400000;
    const qint64 days =
        msecs >= 0 ? msecs / kMsecsPerDay : (msecs - kMsecsPerDay + 1) / kMsecsPerDay;
    const qint64 msecsOfDay = msecs - days * kMsecsPerDay;
    const CivilDate date = civilFromDays(days);
    QString text(24, Qt::Uninitialized);
    char16_t *out = reinterpret_cast<char16_t *>(text.data());
    writeDigits(out, date.year, 4);
    out[4] = u'-';
    writeDigits(out + 5, date.month, 2);
    out[7] = u'-';
    writeDigits(out + 8, date.day, 2);
    out[10] = u'T';
    writeDigits(out + 11, int(msecsOfDay / 3600000), 2);
    out[13] = u':';
    writeDigits(out + 14, int(msecsOfDay / 60000 % 60), 2);
    out[16] = u':';
    writeDigits(out + 17, int(msecsOfDay / 1000 % 60), 2);
    out[19] = u'.';
    writeDigits(out + 20, int(msecsOfDay % 1000), 3);
    out[23] = u'Z';
    return text;
}

} // namespace ddalab::rfc3339
