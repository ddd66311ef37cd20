#pragma once

#include <QString>

namespace ddalab {

// A setting that could not be used: its name and why, for a one-line message. Errors about
// settings travel as this value, never as "SETTING: reason" text to be split again.
struct ConfigError
{
    QString setting;
    QString reason;
    QString toString() const { return setting + QStringLiteral(": ") + reason; }
};

} // namespace ddalab
