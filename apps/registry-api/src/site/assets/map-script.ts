/**
 * Progressive enhancement of the IoT map (served as /assets/map.js, after Leaflet): replaces the
 * server-drawn SVG with a Leaflet map of the same GeoJSON, with pan and zoom, over tiles when the
 * page names a tile URL. Without JavaScript, or if anything fails, the SVG and the list stay.
 */
export const MAP_SCRIPT = `(function () {
  'use strict';
  function start() {
    var figure = document.getElementById('map');
    if (!figure || typeof window.L === 'undefined' || !window.fetch) return;
    var L = window.L;
    fetch(figure.getAttribute('data-geojson'), { headers: { Accept: 'application/geo+json' } })
      .then(function (response) { if (!response.ok) throw new Error(String(response.status)); return response.json(); })
      .then(function (data) {
        var live = document.createElement('div');
        live.className = 'map-live';
        live.setAttribute('role', 'region');
        live.setAttribute('aria-label', figure.getAttribute('data-interactive') || 'Map');
        figure.insertBefore(live, figure.firstChild);
        // Leaflet's controls speak the page's language: the zoom buttons' names from the page, and
        // its credit a plain link (its default carries an English title).
        // A reader who asked for less motion gets no zoom, fade or marker animations.
        var still = !!(window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches);
        var map = L.map(live, {
          scrollWheelZoom: false,
          zoomControl: false,
          zoomAnimation: !still,
          fadeAnimation: !still,
          markerZoomAnimation: !still
        });
        L.control.zoom({
          zoomInTitle: figure.getAttribute('data-zoom-in') || 'Zoom in',
          zoomOutTitle: figure.getAttribute('data-zoom-out') || 'Zoom out'
        }).addTo(map);
        map.attributionControl.setPrefix('<a href="https://leafletjs.com" hreflang="en">Leaflet</a>');
        var tiles = figure.getAttribute('data-tiles');
        if (tiles) {
          L.tileLayer(tiles, { maxZoom: 19, attribution: figure.getAttribute('data-attribution') || '' }).addTo(map);
        }
        var layer = L.geoJSON(data, {
          pointToLayer: function (feature, latlng) {
            return L.circleMarker(latlng, { radius: 8, color: '#ffffff', weight: 2, fillColor: '#a4161a', fillOpacity: 1 });
          },
          style: function () { return { color: '#0b4f9c', weight: 2, fillOpacity: 0.25 }; },
          onEachFeature: function (feature, leafletLayer) {
            var p = feature.properties || {};
            var link = document.createElement('a');
            link.href = p.url;
            link.textContent = p.title;
            leafletLayer.bindPopup(link);
          }
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [24, 24], maxZoom: 16 });
        else map.setView([59.3293, 18.0686], 11);
        // Each place is reachable by keyboard too, named by its entry's title: Enter or Space
        // opens its popup and takes the focus to the entry's link there; Escape closes it and
        // gives the focus back. (Leaflet draws them, once the map has a view, as SVG paths, which no
        // Tab reaches.)
        layer.eachLayer(function (place) {
          var element = place.getElement && place.getElement();
          var title = (place.feature && place.feature.properties && place.feature.properties.title) || '';
          if (!element || !title) return;
          element.setAttribute('tabindex', '0');
          element.setAttribute('role', 'button');
          element.setAttribute('aria-label', title);
          element.setAttribute('aria-haspopup', 'dialog');
          element.addEventListener('keydown', function (event) {
            if (event.key !== 'Enter' && event.key !== ' ') return;
            event.preventDefault();
            place.openPopup();
            var popup = place.getPopup && place.getPopup();
            var link = popup && popup.getElement && popup.getElement() && popup.getElement().querySelector('a[href]');
            if (link) link.focus();
          });
          place.on('popupopen', function (opened) {
            var container = opened.popup.getElement();
            if (!container || container.getAttribute('data-keyboard')) return;
            // Leaflet names its close button in English.
            var close = container.querySelector('.leaflet-popup-close-button');
            if (close) close.setAttribute('aria-label', figure.getAttribute('data-close-popup') || 'Close');
            container.setAttribute('data-keyboard', '1');
            container.addEventListener('keydown', function (event) {
              if (event.key !== 'Escape') return;
              place.closePopup();
              element.focus();
            });
          });
        });
        figure.classList.add('enhanced');
      })
      .catch(function () { /* the SVG map stays */ });
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
`;
