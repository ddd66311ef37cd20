#pragma once

#include <QString>

#include <optional>

namespace ddalab {

// A place in the list of shares, newest first: the position of the last share of a page. The
// sort key is the share's creation time in the storage engine's own precision (milliseconds on
// SQLite, microseconds on PostgreSQL), so a page boundary never skips or repeats shares created
// within the same millisecond. Clients treat its text form as opaque.
struct ShareCursor
{
    qint64 sortKey = 0;
    QString token;

    // "SORTKEY:TOKEN", e.g. "1759492800123000:q7cF0nXkR4m2vB9sT1uWyA".
    QString toString() const;
    // nullopt unless text is the form toString() makes, with a valid token.
    static std::optional<ShareCursor> parse(QStringView text);

    friend bool operator==(const ShareCursor &, const ShareCursor &) = default;
};

} // namespace ddalab
