// ECharts, tree-shaken to the charts the UI draws, behind one small component.
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { BarChart, GraphChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TooltipComponent,
} from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  ScatterChart,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkPointComponent,
  TooltipComponent,
  CanvasRenderer,
]);

/** A chart filling its box; `onClick` gets ECharts' click params. */
export function Chart({ option, height = 320, onClick, ...rest }) {
  const el = useRef(null);
  const chart = useRef(null);
  useEffect(() => {
    chart.current = echarts.init(el.current);
    const resize = () => chart.current?.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.current?.dispose();
    };
  }, []);
  useEffect(() => {
    chart.current.setOption(option, true);
  }, [option]);
  useEffect(() => {
    if (!onClick) return undefined;
    chart.current.on('click', onClick);
    return () => chart.current?.off('click', onClick);
  }, [onClick]);
  return <div ref={el} style={{ width: '100%', height: `${height}px` }} {...rest} />;
}
