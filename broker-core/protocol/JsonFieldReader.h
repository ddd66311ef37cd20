#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <optional>

namespace ddalab::protocol {

// Reads typed fields out of a JSON object and remembers the first problem, so a decoder can
// read every field and then check once. Field names in errors carry the object's path.
class JsonFieldReader
{
public:
    JsonFieldReader(const QJsonObject &object, QString path = {});

    QString requiredString(QLatin1StringView name, qsizetype maxLength);
    // Absent or null reads as nullopt.
    std::optional<QString> nullableString(QLatin1StringView name, qsizetype maxLength);
    QJsonObject requiredObject(QLatin1StringView name);
    QJsonArray requiredArray(QLatin1StringView name, qsizetype maxEntries);
    // A JSON number that is a whole number in [min, max].
    qint64 requiredInteger(QLatin1StringView name, qint64 min, qint64 max);
    // Absent or null reads as fallback.
    qint64 optionalInteger(QLatin1StringView name, qint64 min, qint64 max, qint64 fallback);
    // A finite JSON number of at least 0 (rates, durations).
    double requiredNonNegative(QLatin1StringView name);
    // Absent or null reads as nullopt.
    std::optional<double> nullableNonNegative(QLatin1StringView name);
    bool requiredBool(QLatin1StringView name);
    // For optional fields: whether name is missing or null.
    bool isAbsentOrNull(QLatin1StringView name) const;

    bool ok() const { return m_error.isEmpty(); }
    const QString &error() const { return m_error; }
    void fail(const QString &message);
    QString fieldPath(QLatin1StringView name) const;

private:
    const QJsonObject &m_object;
    QString m_path;
    QString m_error;
};

// Reads the array `name` of reader's object, each element an object read with readOne (which
// fails the reader it is given); the first failure names the element's index.
template <typename T>
QList<T> readObjectArray(JsonFieldReader &reader, QLatin1StringView name, qsizetype maxEntries,
                         T (*readOne)(JsonFieldReader &))
{
    const QJsonArray array = reader.requiredArray(name, maxEntries);
    QList<T> result;
    result.reserve(array.size());
    for (qsizetype i = 0; reader.ok() && i < array.size(); ++i) {
        const QString path = QStringLiteral("%1[%2]").arg(reader.fieldPath(name)).arg(i);
        if (!array.at(i).isObject()) {
            reader.fail(QStringLiteral("field '%1' must be an object").arg(path));
            break;
        }
        const QJsonObject object = array.at(i).toObject(); // the element reader keeps a reference
        JsonFieldReader element(object, path);
        result.append(readOne(element));
        if (!element.ok())
            reader.fail(element.error());
    }
    return result;
}

} // namespace ddalab::protocol
