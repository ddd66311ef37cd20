#pragma once

#include <QAbstractTableModel>
#include <QDateTime>
#include <QList>

namespace ddalab::monitor {

// What happened, newest first: a row per presence or share event and per change of the
// connection to the broker. Keeps the last maxEntries rows.
class EventLogModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Time, Kind, Detail, ColumnCount };
    enum class Severity { Info, Good, Warning };

    explicit EventLogModel(int maxEntries = 2000, QObject *parent = nullptr);

    void add(const QDateTime &when, const QString &kind, const QString &detail,
             Severity severity = Severity::Info);
    void clear();

    // An entry as one line, "kind: detail" (row 0 is the newest).
    QString entryText(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

private:
    struct Entry
    {
        QDateTime when;
        QString kind;
        QString detail;
        Severity severity;
    };

    int m_maxEntries;
    QList<Entry> m_entries; // newest first
};

} // namespace ddalab::monitor
