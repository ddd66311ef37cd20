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
    // ISODateWithMs writes a UTC time as yyyy-MM-ddTHH:mm:ss.zzzZ, much faster than a pattern.
    return time.toUTC().toString(Qt::ISODateWithMs);
}

} // namespace ddalab::rfc3339
